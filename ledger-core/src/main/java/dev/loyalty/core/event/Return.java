package dev.loyalty.core.event;

import java.math.BigDecimal;
import java.time.Instant;

/** A (partial or full) return of an earlier purchase of the same customer. */
public record Return(String eventId, String customerId, Instant occurredAt, String source,
                     String orderId, BigDecimal amount, String currency) implements Event {

    @Override
    public String type() {
        return "return";
    }
}
