package dev.loyalty.core.program;

/** Bonus points for an engagement action, at most {@code limit} awards per {@code per}. */
public record EngagementRule(long points, int limit, LimitPeriod per) {
}
