package dev.loyalty.core.program;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * A time-boxed multiplier, active for purchases with {@code from <= occurredAt < until}. An empty
 * {@code categories} set means every line qualifies.
 */
public record Campaign(String id, Instant from, Instant until, BigDecimal multiplier, Set<String> categories) {

    public Campaign {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public boolean appliesTo(Instant at, String category) {
        if (at.isBefore(from) || !at.isBefore(until)) {
            return false;
        }
        return categories.isEmpty() || (category != null && categories.contains(category));
    }
}
