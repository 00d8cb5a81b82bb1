package dev.loyalty.projections;

/** Where a customer stands in the churn model (SPEC section 4, Lapse). */
public enum ChurnStatus {
    ACTIVE,
    AT_RISK,
    LAPSED
}
