package dev.loyalty.projections;

import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of {@code GET /program/metrics} (SPEC section 6), derived from the summed totals.
 * Rates are JSON numbers rounded to four decimals, 0 when their denominator is 0.
 */
public record ProgramMetrics(long members, long activeMembers, double purchaseFrequency,
                             double repeatPurchaseRate, long pointsIssued, long pointsRedeemed,
                             long pointsExpired, long pointsOutstanding, double redemptionRate,
                             double breakageRate, Map<String, Long> membersPerTier) {

    public static ProgramMetrics of(ProgramTotals t) {
        Map<String, Long> perTier = new TreeMap<>(t.membersPerTier);
        perTier.values().removeIf(n -> n == 0);
        return new ProgramMetrics(t.members, t.activeMembers, ratio(t.orders, t.purchasers),
                ratio(t.repeatPurchasers, t.purchasers), t.pointsIssued, t.pointsRedeemed, t.pointsExpired,
                t.pointsOutstanding, ratio(t.pointsRedeemed, t.pointsIssued), ratio(t.pointsExpired, t.pointsIssued),
                perTier);
    }

    private static double ratio(long numerator, long denominator) {
        if (denominator <= 0) {
            return 0;
        }
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    public byte[] toJson() {
        return Json.write(this);
    }
}
