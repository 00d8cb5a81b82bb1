package dev.loyalty.core.event;

import java.time.Instant;

/** An input event of loyalty.events (SPEC section 2), already validated. */
public sealed interface Event permits Purchase, Return, Redemption, Adjustment, Engagement {

    String eventId();

    String customerId();

    Instant occurredAt();

    /** Optional origin such as {@code pos-store-12}; null when absent. */
    String source();

    /** The {@code type} field as it appears on the wire. */
    String type();
}
