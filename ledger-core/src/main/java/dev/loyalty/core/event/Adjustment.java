package dev.loyalty.core.event;

import java.time.Instant;

/** A manual correction by an operator; {@code points} is non-zero and may be negative. */
public record Adjustment(String eventId, String customerId, Instant occurredAt, String source,
                         long points, String reason, String actor) implements Event {

    @Override
    public String type() {
        return "adjustment";
    }
}
