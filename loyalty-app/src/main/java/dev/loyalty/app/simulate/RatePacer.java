package dev.loyalty.app.simulate;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds a publisher to a steady rate. Event n is due n/rate seconds after the start; the pacer only
 * parks when the publisher is at least a millisecond ahead of schedule, so short stalls are made up
 * for by sending the next events back to back.
 */
final class RatePacer {

    private static final long MIN_PARK_NANOS = 1_000_000;

    private final double eventsPerSecond;
    private final LongSupplier nanoClock;
    private final long startNanos;

    /** @param eventsPerSecond the rate, or 0 for as fast as possible */
    RatePacer(double eventsPerSecond, LongSupplier nanoClock) {
        this.eventsPerSecond = eventsPerSecond;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** How long event number {@code sent} (counting from 0) must still wait, {@code elapsedNanos} into the run. */
    static long nanosUntilDue(long sent, long elapsedNanos, double eventsPerSecond) {
        if (eventsPerSecond <= 0) {
            return 0;
        }
        long dueAt = (long) (sent * 1e9 / eventsPerSecond);
        return Math.max(0, dueAt - elapsedNanos);
    }

    void awaitTurn(long sent) {
        long wait = nanosUntilDue(sent, nanoClock.getAsLong() - startNanos, eventsPerSecond);
        if (wait >= MIN_PARK_NANOS) {
            LockSupport.parkNanos(wait);
        }
    }
}
