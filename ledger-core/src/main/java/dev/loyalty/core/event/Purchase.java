package dev.loyalty.core.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A purchase; {@code items} is empty when the producer sent none. */
public record Purchase(String eventId, String customerId, Instant occurredAt, String source,
                       String orderId, BigDecimal amount, String currency, List<LineItem> items) implements Event {

    public Purchase {
        items = List.copyOf(items);
    }

    @Override
    public String type() {
        return "purchase";
    }
}
