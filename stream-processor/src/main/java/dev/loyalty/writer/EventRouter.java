package dev.loyalty.writer;

import dev.loyalty.core.event.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step: bring each record of loyalty.events to its customer's writer, without judging it (the
 * writer parses and judges every event once, whichever way it came). A record stays when it is
 * already on its customer's partition, or when it cannot be valid on any; else it is re-keyed by the
 * customer it names. Either way it carries its source coordinates.
 */
final class EventRouter implements Processor<byte[], byte[], String, WriterOutput> {

    /**
     * Marks a re-keyed record whose input had no key (the re-keying key was read from its value), so its
     * rejection has no key either. Anyone who can write the re-keying topic can set it; all it changes
     * is the key of a rejection.
     */
    static final String UNKEYED_HEADER = "loyalty.unkeyed";

    private final EventPlacement placement;
    private final int maxValueBytes;
    private ProcessorContext<String, WriterOutput> context;

    EventRouter(WriterOptions options) {
        this.placement = options.placement();
        this.maxValueBytes = options.limits().maxValueBytes();
    }

    @Override
    public void init(ProcessorContext<String, WriterOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceCoordinates source = context.recordMetadata().map(SourceCoordinates::of)
                .orElse(new SourceCoordinates("unknown", -1, -1));
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Headers headers = source.asHeaders();
        String customerId = rekeyingKey(record, key, source.partition());
        if (customerId == null) {
            context.forward(new Record<>(key, new WriterOutput(WriterOutput.Target.EVENT, record.value()),
                    record.timestamp(), headers));
            return;
        }
        if (key == null) {
            headers.add(UNKEYED_HEADER, new byte[0]);
        }
        context.forward(new Record<>(customerId, new WriterOutput(WriterOutput.Target.EVENT_TO_REKEY, record.value()),
                record.timestamp(), headers));
    }

    /**
     * The customer to re-key the record by, or null when it stays. A valid event's customerId is its key
     * when it has one; a key or a value that no valid event has is judged (and rejected) where it is,
     * so the hop never copies an oversized record.
     */
    private String rekeyingKey(Record<byte[], byte[]> record, String key, int partition) {
        if (placement.inPlace(record.key(), partition) || record.value() == null
                || record.value().length > maxValueBytes) {
            return null;
        }
        // Bounded as a customer id is: a longer one is no valid event's.
        return RejectionKeys.bounded(key != null ? key : EventCodec.customerIdOf(record.value()));
    }
}
