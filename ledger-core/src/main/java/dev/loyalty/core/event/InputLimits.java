package dev.loyalty.core.event;

import java.time.Duration;

/**
 * The bounds on input events that depend on the deployment rather than the program (SPEC section 2).
 *
 * @param maxValueBytes largest record value judged at all; a larger one is {@code TOO_LARGE}
 * @param maxFutureSkew how far {@code occurredAt} may be ahead of the wall clock ({@code FUTURE_OCCURRED_AT})
 * @param simulatedTime accept future-dated events so they move the business clock (simulations and tests only)
 */
public record InputLimits(int maxValueBytes, Duration maxFutureSkew, boolean simulatedTime) {

    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    public InputLimits {
        if (maxValueBytes <= 0) {
            throw new IllegalArgumentException("maxValueBytes must be positive, got " + maxValueBytes);
        }
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative, got " + maxFutureSkew);
        }
    }

    public static InputLimits defaults() {
        return new InputLimits(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_FUTURE_SKEW, false);
    }

    public InputLimits withSimulatedTime(boolean simulated) {
        return new InputLimits(maxValueBytes, maxFutureSkew, simulated);
    }

    public InputLimits withMaxValueBytes(int bytes) {
        return new InputLimits(bytes, maxFutureSkew, simulatedTime);
    }

    public InputLimits withMaxFutureSkew(Duration skew) {
        return new InputLimits(maxValueBytes, skew, simulatedTime);
    }

    /** How far the business clock may run ahead of the wall clock; null when time is simulated. */
    public Duration clockLead() {
        return simulatedTime ? null : maxFutureSkew;
    }
}
