package dev.loyalty.core.event;

import java.time.Instant;

/** A redemption request: exactly one of {@code rewardId} (catalog) and {@code points} (open) is set. */
public record Redemption(String eventId, String customerId, Instant occurredAt, String source,
                         String rewardId, Long points, String note) implements Event {

    @Override
    public String type() {
        return "redemption";
    }
}
