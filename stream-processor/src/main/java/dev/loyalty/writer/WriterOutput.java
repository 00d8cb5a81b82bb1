package dev.loyalty.writer;

/** A value on its way out of the writer, tagged with the topic it belongs to. */
record WriterOutput(Target target, byte[] value) {

    enum Target {
        /** An event on its customer's partition (or that no partition would make valid): straight to the writer. */
        EVENT,
        /** An event on another partition than its customer's: through the re-keying topic first. */
        EVENT_TO_REKEY,
        LEDGER,
        REDEMPTION_RESULT,
        REJECTION
    }
}
