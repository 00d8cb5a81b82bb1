package dev.loyalty.writer;

import dev.loyalty.core.event.RejectReason;

/**
 * What the writer reports as it goes, for metrics. Called on the stream thread: implementations must
 * be cheap and thread-safe.
 */
public interface WriterListener {

    WriterListener NONE = new WriterListener() {
    };

    /** An event was applied; {@code type} is its wire type such as {@code purchase}. */
    default void applied(String type, int entries) {
    }

    default void rejected(RejectReason reason) {
    }

    /** A re-delivered eventId: nothing was applied again. */
    default void duplicate() {
    }

    /** Time-driven entries (expiry, downgrade) written by the punctuator. */
    default void timeDriven(int entries) {
    }

    /** A record of loyalty.program that is no usable new version was left out. */
    default void programVersionIgnored() {
    }
}
