package dev.loyalty.core.ledger;

import java.math.BigDecimal;
import java.util.List;

/**
 * How an entry's points were computed. Only the fields that matter for the entry's kind are set:
 * purchases carry {@code orderId, amount, rate, tierMultiplier, campaigns}; returns
 * {@code orderId, returnedAmount, orderPoints}; catalog redemptions {@code rewardId}; adjustments
 * {@code reason, actor}; engagement {@code action, reference}; a campaign's bonus on a purchase
 * {@code orderId, campaign}.
 */
public record Detail(
        String orderId,
        BigDecimal amount,
        BigDecimal returnedAmount,
        Long orderPoints,
        BigDecimal rate,
        BigDecimal tierMultiplier,
        List<CampaignUse> campaigns,
        String campaign,
        Long debtPaid,
        Long debtIncurred,
        String rewardId,
        String note,
        String reason,
        String actor,
        String action,
        String reference) {

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a detail field by field; kinds set only what they need. */
    public static final class Builder {
        private String orderId;
        private BigDecimal amount;
        private BigDecimal returnedAmount;
        private Long orderPoints;
        private BigDecimal rate;
        private BigDecimal tierMultiplier;
        private List<CampaignUse> campaigns;
        private String campaign;
        private Long debtPaid;
        private Long debtIncurred;
        private String rewardId;
        private String note;
        private String reason;
        private String actor;
        private String action;
        private String reference;

        public Builder orderId(String v) { orderId = v; return this; }
        public Builder amount(BigDecimal v) { amount = v; return this; }
        public Builder returnedAmount(BigDecimal v) { returnedAmount = v; return this; }
        public Builder orderPoints(Long v) { orderPoints = v; return this; }
        public Builder rate(BigDecimal v) { rate = v; return this; }
        public Builder tierMultiplier(BigDecimal v) { tierMultiplier = v; return this; }
        public Builder campaigns(List<CampaignUse> v) { campaigns = v == null || v.isEmpty() ? null : List.copyOf(v); return this; }
        public Builder campaign(String v) { campaign = v; return this; }
        public Builder debtPaid(long v) { debtPaid = v == 0 ? null : v; return this; }
        public Builder debtIncurred(long v) { debtIncurred = v == 0 ? null : v; return this; }
        public Builder rewardId(String v) { rewardId = v; return this; }
        public Builder note(String v) { note = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder actor(String v) { actor = v; return this; }
        public Builder action(String v) { action = v; return this; }
        public Builder reference(String v) { reference = v; return this; }

        public Detail build() {
            return new Detail(orderId, amount, returnedAmount, orderPoints, rate, tierMultiplier, campaigns,
                    campaign, debtPaid, debtIncurred, rewardId, note, reason, actor, action, reference);
        }
    }
}
