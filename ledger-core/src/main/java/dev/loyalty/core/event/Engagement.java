package dev.loyalty.core.event;

import java.time.Instant;

/** An engagement action (review, referral, signup, birthday, ...) named in the program's engagement table. */
public record Engagement(String eventId, String customerId, Instant occurredAt, String source,
                         String action, String reference) implements Event {

    @Override
    public String type() {
        return "engagement";
    }
}
