package dev.loyalty.core.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A purchase as the account remembers it, for returns and for qualifying spend. */
public record Order(Instant purchasedAt, BigDecimal amount, long points, List<Refund> refunds, long clawedBack) {

    public Order {
        refunds = List.copyOf(refunds);
    }

    public BigDecimal returnedAmount() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Refund r : refunds) {
            sum = sum.add(r.amount());
        }
        return sum;
    }

    public Order withRefund(Refund refund, long clawedBackNow) {
        List<Refund> more = new ArrayList<>(refunds);
        more.add(refund);
        return new Order(purchasedAt, amount, points, more, clawedBack + clawedBackNow);
    }
}
