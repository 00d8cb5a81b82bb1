package dev.loyalty.writer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where an event was read from loyalty.events. It travels as record headers across the re-keying
 * hop, so a rejection decided later still names the original topic, partition and offset.
 */
record SourceCoordinates(String topic, int partition, long offset) {

    private static final String HEADER = "loyalty.source";

    static SourceCoordinates of(RecordMetadata metadata) {
        return new SourceCoordinates(metadata.topic(), metadata.partition(), metadata.offset());
    }

    Headers asHeaders() {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 + name.length).putInt(partition).putLong(offset).put(name);
        return new RecordHeaders().add(HEADER, b.array());
    }

    /** The coordinates carried by {@code headers}, or {@code fallback} when there are none. */
    static SourceCoordinates from(Headers headers, SourceCoordinates fallback) {
        Header h = headers.lastHeader(HEADER);
        // Only the validator writes this header; anything shorter is not ours.
        if (h == null || h.value() == null || h.value().length < Integer.BYTES + Long.BYTES) {
            return fallback;
        }
        ByteBuffer b = ByteBuffer.wrap(h.value());
        int partition = b.getInt();
        long offset = b.getLong();
        byte[] name = new byte[b.remaining()];
        b.get(name);
        return new SourceCoordinates(new String(name, StandardCharsets.UTF_8), partition, offset);
    }
}
