package dev.loyalty.core.account;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        List<Change> changes = new ArrayList<>();
        for (Order o : orders) {
            Instant exit = o.purchasedAt().plus(window);
            changes.add(new Change(o.purchasedAt(), Change.PURCHASE, o.amount()));
            BigDecimal returnedInWindow = BigDecimal.ZERO;
            for (Refund r : o.refunds()) {
                if (r.at().isBefore(exit)) {
                    Instant at = r.at().isBefore(o.purchasedAt()) ? o.purchasedAt() : r.at();
                    changes.add(new Change(at, Change.REFUND, r.amount().negate()));
                    returnedInWindow = returnedInWindow.add(r.amount());
                }
            }
            changes.add(new Change(exit, Change.EXIT, returnedInWindow.subtract(o.amount())));
        }
        changes.sort(Comparator.comparing(Change::at).thenComparingInt(Change::order));
        BigDecimal spend = BigDecimal.ZERO;
        Instant lastFall = null;
        for (Change change : changes) {
            BigDecimal before = spend;
            spend = spend.add(change.delta());
            if (before.compareTo(threshold) >= 0 && spend.compareTo(threshold) < 0) {
                lastFall = change.at();
            }
        }
        return lastFall;
    }

    /**
     * One step of the spend history. Steps at the same instant are taken in the order they happen in
     * the business: a purchase before a return of it, and both before old spend leaves the window.
     */
    private record Change(Instant at, int order, BigDecimal delta) {
        static final int PURCHASE = 0;
        static final int REFUND = 1;
        static final int EXIT = 2;
    }
}
