package dev.loyalty.core.program;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A campaign: conditions a purchase must meet, and what it gives when it does, either a
 * {@code multiplier} on the points of the lines it covers or a fixed {@code bonus} of points.
 *
 * <p>Conditions, all optional: the window {@code from <= occurredAt < until} (an absent end is
 * open), {@code categories} (a multiplier covers only lines of these categories, a bonus needs one
 * such line; empty means every line), {@code minTier} (the tier in force before the purchase is
 * this one or higher), {@code firstPurchase} (the customer has never purchased before) and
 * {@code inactiveDays} (the customer has purchased before, the latest time at least this many days
 * earlier: a win-back).
 */
public record Campaign(String id, Instant from, Instant until, BigDecimal multiplier, Set<String> categories,
                       String minTier, Boolean firstPurchase, Integer inactiveDays, Long bonus) {

    public Campaign {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    /**
     * Whether a purchase at {@code at} meets the window and the purchase-history conditions.
     *
     * @param lastPurchaseAt the latest purchase of the customer before this one, null for none
     */
    public boolean appliesTo(Instant at, Instant lastPurchaseAt) {
        if ((from != null && at.isBefore(from)) || (until != null && !at.isBefore(until))) {
            return false;
        }
        if (Boolean.TRUE.equals(firstPurchase) && lastPurchaseAt != null) {
            return false;
        }
        return inactiveDays == null
                || (lastPurchaseAt != null && !at.isBefore(lastPurchaseAt.plus(Duration.ofDays(inactiveDays))));
    }

    public boolean covers(String category) {
        return categories.isEmpty() || (category != null && categories.contains(category));
    }

    public boolean givesBonus() {
        return bonus != null;
    }
}
