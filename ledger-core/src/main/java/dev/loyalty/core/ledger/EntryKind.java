package dev.loyalty.core.ledger;

/** What a ledger entry records (SPEC section 3). */
public enum EntryKind {
    EARNED,
    BONUS,
    REDEEMED,
    CLAWED_BACK,
    EXPIRED,
    ADJUSTED,
    TIER_CHANGED
}
