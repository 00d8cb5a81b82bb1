package dev.loyalty.core.event;

/** Why an input event was not applied (SPEC section 5). */
public enum RejectReason {
    INVALID_JSON,
    MISSING_FIELD,
    INVALID_FIELD,
    UNKNOWN_TYPE,
    KEY_MISMATCH,
    UNSUPPORTED_CURRENCY,
    DUPLICATE_ORDER,
    UNKNOWN_ORDER,
    RETURN_EXCEEDS_PURCHASE,
    UNKNOWN_REWARD,
    INSUFFICIENT_POINTS,
    LIMIT_REACHED
}
