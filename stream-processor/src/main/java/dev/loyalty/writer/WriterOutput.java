package dev.loyalty.writer;

/** A value on its way out of the writer, tagged with the topic it belongs to. */
record WriterOutput(Target target, byte[] value) {

    enum Target {
        /** A valid event on its way to its customer's writer. */
        EVENT,
        LEDGER,
        REDEMPTION_RESULT,
        REJECTION
    }
}
