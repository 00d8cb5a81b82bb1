package dev.loyalty.core.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Qualifying spend over a rolling window: each order counts its amount, less what was returned on it,
 * from its purchase until it leaves the window. A return of an order already outside the window
 * changes nothing.
 */
public final class QualifyingSpend {

    private QualifyingSpend() {
    }

    public static BigDecimal at(Iterable<Order> orders, Duration window, Instant t) {
        BigDecimal spend = BigDecimal.ZERO;
        for (Order o : orders) {
            if (o.purchasedAt().isAfter(t) || !o.purchasedAt().plus(window).isAfter(t)) {
                continue;
            }
            spend = spend.add(o.amount());
            for (Refund r : o.refunds()) {
                if (!r.at().isAfter(t)) {
                    spend = spend.subtract(r.amount());
                }
            }
        }
        return spend;
    }

    /**
     * The last instant at which spend fell from at least {@code threshold} to below it, counting the
     * future departures of today's orders from the window; null if spend never reached the threshold.
     * Spend only rises through purchases, so with no further purchase it stays below from then on.
     */
    public static Instant lastFallBelow(Iterable<Order> orders, Duration window, BigDecimal threshold) {
        TreeMap<Instant, BigDecimal> changes = new TreeMap<>();
        for (Order o : orders) {
            Instant exit = o.purchasedAt().plus(window);
            changes.merge(o.purchasedAt(), o.amount(), BigDecimal::add);
            BigDecimal returnedInWindow = BigDecimal.ZERO;
            for (Refund r : o.refunds()) {
                if (r.at().isBefore(exit)) {
                    Instant at = r.at().isBefore(o.purchasedAt()) ? o.purchasedAt() : r.at();
                    changes.merge(at, r.amount().negate(), BigDecimal::add);
                    returnedInWindow = returnedInWindow.add(r.amount());
                }
            }
            changes.merge(exit, returnedInWindow.subtract(o.amount()), BigDecimal::add);
        }
        BigDecimal spend = BigDecimal.ZERO;
        Instant lastFall = null;
        for (Map.Entry<Instant, BigDecimal> change : changes.entrySet()) {
            BigDecimal before = spend;
            spend = spend.add(change.getValue());
            if (before.compareTo(threshold) >= 0 && spend.compareTo(threshold) < 0) {
                lastFall = change.getKey();
            }
        }
        return lastFall;
    }
}
