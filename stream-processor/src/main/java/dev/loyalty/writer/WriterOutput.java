package dev.loyalty.writer;

import dev.loyalty.core.event.Event;

/**
 * A value on its way out of the writer, tagged with the topic it belongs to.
 *
 * @param event the parsed event, carried from the validator to the writer when the event needs no
 *     re-keying, so it is parsed once; null elsewhere
 */
record WriterOutput(Target target, byte[] value, Event event) {

    WriterOutput(Target target, byte[] value) {
        this(target, value, null);
    }

    enum Target {
        /** A valid event already on its customer's partition: straight to the writer. */
        EVENT,
        /** A valid event on another partition than its customer's: through the re-keying topic first. */
        EVENT_TO_REKEY,
        LEDGER,
        REDEMPTION_RESULT,
        REJECTION
    }
}
