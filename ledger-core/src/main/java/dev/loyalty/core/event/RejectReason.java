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
    LIMIT_REACHED,
    /** {@code occurredAt} further ahead of the writer's wall clock than the maximum future skew. */
    FUTURE_OCCURRED_AT,
    /** The record value is larger than the bound on input events. */
    TOO_LARGE,
    /** The writer could not process the event (a defect to alert on); the event is parked, processing goes on. */
    INTERNAL_ERROR
}
