package dev.loyalty.projections;

/**
 * What the projections report as they go, for metrics. Called on the stream thread: implementations
 * must be cheap and thread-safe.
 */
public interface ProjectionListener {

    ProjectionListener NONE = new ProjectionListener() {
    };

    /** A signal went out; {@code topic} is the topic it was sent to. */
    default void signalSent(String topic) {
    }

    /** A signal was held back by the {@link SignalGate} (a rebuild). */
    default void signalHeldBack(String topic) {
    }

    /** Ledger entries applied to the views. */
    default void entryApplied() {
    }

    /** A ledger entry already applied (seq not above the customer's last) was skipped. */
    default void entryRedelivered() {
    }

    /** A ledger entry failed its seal (a chain break or, with a key, its mac) and was not applied. */
    default void entryTampered() {
    }
}
