package dev.loyalty.projections;

import java.time.Instant;

/**
 * Decides whether a signal goes out. A rebuild (SPEC section 7, {@code replay}) uses it to hold back
 * the signals the running generation has already sent, for instance those due before the rebuild
 * started; the views are rebuilt all the same.
 */
@FunctionalInterface
public interface SignalGate {

    SignalGate SEND_ALL = signal -> true;

    boolean shouldSend(Signal signal);

    /** Sends only signals whose {@code at} is not before {@code from}. */
    static SignalGate dueFrom(Instant from) {
        return signal -> !signal.at().isBefore(from);
    }
}
