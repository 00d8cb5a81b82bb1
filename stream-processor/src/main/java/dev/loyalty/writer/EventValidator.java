package dev.loyalty.writer;

import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.ledger.RejectionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step: judge each raw record on its own. Valid events go to their customer's writer, straight
 * when they are already on its partition, else re-keyed by customerId; they carry their source
 * coordinates. Anything else becomes a rejection with the original bytes.
 */
final class EventValidator implements Processor<byte[], byte[], String, WriterOutput> {

    private final WriterOptions options;
    private final EventPlacement placement;
    private final WriterListener listener;
    private ProcessorContext<String, WriterOutput> context;
    private PublishedProgram program;

    EventValidator(WriterOptions options) {
        this.options = options;
        this.placement = options.placement();
        this.listener = options.listener();
    }

    @Override
    public void init(ProcessorContext<String, WriterOutput> context) {
        this.context = context;
        this.program = new PublishedProgram(context.getStateStore(PublishedProgram.STORE), options);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        SourceCoordinates source = context.recordMetadata().map(SourceCoordinates::of)
                .orElse(new SourceCoordinates("unknown", -1, -1));
        long wall = context.currentSystemTimeMs();
        ParseResult parsed = program.codec().parse(key, record.value(), Instant.ofEpochMilli(wall));
        if (parsed instanceof ParseResult.Valid valid) {
            String customerId = valid.event().customerId();
            WriterOutput out = placement.inPlace(record.key(), customerId, source.partition())
                    ? new WriterOutput(WriterOutput.Target.EVENT, record.value(), valid.event())
                    : new WriterOutput(WriterOutput.Target.EVENT_TO_REKEY, record.value());
            context.forward(new Record<>(customerId, out, record.timestamp(), source.asHeaders()));
        } else {
            ParseResult.Invalid invalid = (ParseResult.Invalid) parsed;
            listener.rejected(invalid.reason());
            RejectionRecord rejection = RejectionRecord.of(invalid.eventId(), invalid.customerId(), invalid.reason(),
                    invalid.message(), record.value(), source.topic(), source.partition(), source.offset(),
                    Instant.ofEpochMilli(wall));
            String outKey = invalid.customerId() != null ? invalid.customerId() : RejectionKeys.bounded(key);
            context.forward(new Record<>(outKey, new WriterOutput(WriterOutput.Target.REJECTION, rejection.toJson()),
                    wall));
        }
    }
}
