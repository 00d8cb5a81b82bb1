package dev.loyalty.core.program;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program rules (SPEC section 4). Immutable; build the default with {@link #defaults()} or load
 * an override file with {@link ProgramLoader}. Every rule the writer and the projections share is
 * read from here, so both always agree.
 */
public record Program(
        String version,
        String currency,
        BigDecimal pointsPerUnit,
        BigDecimal maxPurchaseAmount,
        List<Tier> tiers,
        int tierWindowDays,
        int downgradeGraceDays,
        int lotLifetimeDays,
        int expiryWarningDays,
        List<Campaign> campaigns,
        Map<String, Long> rewards,
        Map<String, EngagementRule> engagement,
        int dedupRetentionDays,
        int orderRetentionDays,
        int lapseDays,
        int atRiskMinPurchases,
        int atRiskMinGapDays,
        int activeDays) {

    public Program {
        tiers = List.copyOf(tiers);
        campaigns = List.copyOf(campaigns);
        rewards = Map.copyOf(rewards);
        engagement = Map.copyOf(engagement);
    }

    public static Program defaults() {
        Map<String, Long> rewards = new LinkedHashMap<>();
        rewards.put("free-coffee", 50L);
        rewards.put("free-shipping", 100L);
        rewards.put("voucher-10", 200L);
        Map<String, EngagementRule> engagement = new LinkedHashMap<>();
        engagement.put("signup", new EngagementRule(50, 1, LimitPeriod.LIFETIME));
        engagement.put("review", new EngagementRule(25, 3, LimitPeriod.DAY));
        engagement.put("referral", new EngagementRule(100, 10, LimitPeriod.YEAR));
        engagement.put("birthday", new EngagementRule(100, 1, LimitPeriod.CALENDAR_YEAR));
        return new Program(
                "default-1",
                "USD",
                BigDecimal.ONE,
                new BigDecimal("1000000.00"),
                List.of(
                        new Tier("MEMBER", new BigDecimal("0"), new BigDecimal("1.0")),
                        new Tier("SILVER", new BigDecimal("500.00"), new BigDecimal("1.25")),
                        new Tier("GOLD", new BigDecimal("2000.00"), new BigDecimal("1.5")),
                        new Tier("PLATINUM", new BigDecimal("5000.00"), new BigDecimal("2.0"))),
                365, 30, 365, 30,
                List.of(),
                rewards,
                engagement,
                90, 730, 60, 3, 7, 30);
    }

    /** Digits after the decimal point of the program currency (2 for USD). */
    public int currencyScale() {
        return Currency.getInstance(currency).getDefaultFractionDigits();
    }

    public Tier lowestTier() {
        return tiers.get(0);
    }

    /** Index of the named tier, or 0 (the lowest) for a name this program does not know. */
    public int tierIndex(String name) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).name().equals(name)) {
                return i;
            }
        }
        return 0;
    }

    /** Whether {@code tier} is {@code minTier} or above it; a null {@code minTier} is reached by every tier. */
    public boolean reaches(String tier, String minTier) {
        return minTier == null || tierIndex(tier) >= tierIndex(minTier);
    }

    /** Index of the highest tier whose threshold {@code spend} reaches. */
    public int tierIndexFor(BigDecimal spend) {
        int index = 0;
        for (int i = 0; i < tiers.size(); i++) {
            if (spend.compareTo(tiers.get(i).threshold()) >= 0) {
                index = i;
            }
        }
        return index;
    }

    public Duration tierWindow() {
        return Duration.ofDays(tierWindowDays);
    }

    public Duration downgradeGrace() {
        return Duration.ofDays(downgradeGraceDays);
    }

    public Duration lotLifetime() {
        return Duration.ofDays(lotLifetimeDays);
    }

    public Duration dedupRetention() {
        return Duration.ofDays(dedupRetentionDays);
    }

    public Duration orderRetention() {
        return Duration.ofDays(orderRetentionDays);
    }
}
