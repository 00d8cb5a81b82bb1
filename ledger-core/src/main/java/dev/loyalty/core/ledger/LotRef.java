package dev.loyalty.core.ledger;

import java.time.Instant;

/**
 * The points lot a credit created. {@code points} is the lot's size: the credit less any debt it
 * paid first.
 */
public record LotRef(String id, Instant expiresAt, long points) {
}
