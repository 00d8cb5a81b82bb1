package dev.loyalty.projections;

import dev.loyalty.core.topic.Topics;
import java.time.Duration;
import java.time.Instant;

/**
 * A record of loyalty.churn-signals (SPEC section 5). An AT_RISK or LAPSED signal is named after the
 * last purchase before the silence (one episode per status), a REACTIVATED signal after the purchase
 * that ended it; that one reports the purchase as {@code lastPurchaseAt} and the silence it ended.
 */
public record ChurnSignal(String signalId, String customerId, String status, Instant lastPurchaseAt,
                          long daysInactive, Instant at) implements Signal {

    public static final String REACTIVATED = "REACTIVATED";

    static ChurnSignal silence(String customerId, ChurnStatus status, long lastPurchaseSeq, Instant lastPurchaseAt,
                               Instant at) {
        return new ChurnSignal(customerId + ":churn:" + status + ":" + lastPurchaseSeq, customerId, status.name(),
                lastPurchaseAt, Duration.between(lastPurchaseAt, at).toDays(), at);
    }

    static ChurnSignal reactivated(String customerId, long purchaseSeq, Instant previousPurchaseAt, Instant at) {
        return new ChurnSignal(customerId + ":churn:" + REACTIVATED + ":" + purchaseSeq, customerId, REACTIVATED,
                at, Duration.between(previousPurchaseAt, at).toDays(), at);
    }

    @Override
    public byte[] toJson() {
        return SignalJson.write(out -> out.text("signalId", signalId).text("customerId", customerId)
                .text("status", status).instant("lastPurchaseAt", lastPurchaseAt).number("daysInactive", daysInactive)
                .instant("at", at));
    }

    @Override
    public String topic(Topics topics) {
        return topics.churnSignals();
    }
}
