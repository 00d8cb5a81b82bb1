package dev.loyalty.writer;

import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.time.Duration;

/**
 * How the ledger writer topology is built.
 *
 * @param program version 1 while loyalty.program holds no version; then the versions on the topic judge
 * @param repartition bring each customer's events to one task by re-keying on customerId (SPEC
 *     section 1); false only when every producer uses the Java client's partitioner with the key
 * @param punctuationInterval how often, by the wall clock, due time-driven work is looked for
 * @param limits the bounds on input events: size, future skew, simulated time
 * @param eventPartitions of the events topic, so events already on their customer's partition skip the
 *     re-keying hop; 0 when unknown (every event is then re-keyed)
 * @param seal how entries are sealed as they are appended, and checked when the state is rebuilt
 */
public record WriterOptions(Topics topics, Program program, boolean repartition, Duration punctuationInterval,
                            WriterListener listener, InputLimits limits, int eventPartitions, LedgerSeal seal) {

    public static WriterOptions defaults(Program program) {
        return new WriterOptions(Topics.defaults(), program, true, Duration.ofSeconds(10), WriterListener.NONE,
                InputLimits.defaults(), 0, LedgerSeal.UNKEYED);
    }

    public WriterOptions withEventPartitions(int partitions) {
        return new WriterOptions(topics, program, repartition, punctuationInterval, listener, limits, partitions, seal);
    }

    EventPlacement placement() {
        return repartition ? EventPlacement.rekeyingOver(eventPartitions) : EventPlacement.NO_REKEYING;
    }

    public WriterOptions withTopics(Topics t) {
        return new WriterOptions(t, program, repartition, punctuationInterval, listener, limits, eventPartitions, seal);
    }

    public WriterOptions withRepartition(boolean r) {
        return new WriterOptions(topics, program, r, punctuationInterval, listener, limits, eventPartitions, seal);
    }

    public WriterOptions withListener(WriterListener l) {
        return new WriterOptions(topics, program, repartition, punctuationInterval, l, limits, eventPartitions, seal);
    }

    public WriterOptions withLimits(InputLimits l) {
        return new WriterOptions(topics, program, repartition, punctuationInterval, listener, l, eventPartitions, seal);
    }

    public WriterOptions withSeal(LedgerSeal s) {
        return new WriterOptions(topics, program, repartition, punctuationInterval, listener, limits, eventPartitions, s);
    }
}
