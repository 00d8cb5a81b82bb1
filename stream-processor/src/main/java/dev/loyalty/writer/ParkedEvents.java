package dev.loyalty.writer;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Turns an event the writer failed on into an {@code INTERNAL_ERROR} record of loyalty.rejections,
 * for the exception handlers. The event is the raw value of the record being processed: the input
 * record itself, or its copy on the re-keying topic, which carries the original coordinates.
 */
final class ParkedEvents {

    /** Streams config keys under which the writer hands its handlers what they need. */
    static final String TOPICS_CONFIG = "loyalty.writer.topics";
    static final String LISTENER_CONFIG = "loyalty.writer.listener";

    private final Topics topics;
    private final WriterListener listener;

    private ParkedEvents(Topics topics, WriterListener listener) {
        this.topics = topics;
        this.listener = listener;
    }

    static ParkedEvents from(Map<String, ?> configs) {
        Object topics = configs.get(TOPICS_CONFIG);
        Object listener = configs.get(LISTENER_CONFIG);
        return new ParkedEvents(topics instanceof Topics t ? t : Topics.defaults(),
                listener instanceof WriterListener l ? l : WriterListener.NONE);
    }

    Topics topics() {
        return topics;
    }

    /** Counts a failure that cannot be parked. */
    void failed() {
        listener.rejected(RejectReason.INTERNAL_ERROR);
    }

    /** Counts the failure and gives the record that parks the event, or none when there is no event to park. */
    List<ProducerRecord<byte[], byte[]>> park(ErrorHandlerContext context, Exception cause) {
        failed();
        byte[] event = context.sourceRawValue();
        if (event == null) {
            return List.of();
        }
        boolean rekeyed = !topics.events().equals(context.topic());
        SourceCoordinates here = new SourceCoordinates(context.topic(), context.partition(), context.offset());
        SourceCoordinates source = rekeyed ? SourceCoordinates.from(context.headers(), here) : here;
        // On the re-keying topic the key is the customer id the event names (its input key, or read from its value).
        String key = RejectionKeys.bounded(context.sourceRawKey() == null ? null
                : new String(context.sourceRawKey(), StandardCharsets.UTF_8));
        RejectionRecord rejection = RejectionRecord.of(null, rekeyed ? key : null, RejectReason.INTERNAL_ERROR,
                "the writer could not process this event (" + cause + "); it is parked here and processing went on",
                event, source.topic(), source.partition(), source.offset(), Instant.now());
        return List.of(new ProducerRecord<>(topics.rejections(), null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), rejection.toJson()));
    }
}
