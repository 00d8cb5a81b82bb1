package dev.loyalty.core.account;

import java.time.Instant;

/** Points of one credit still unspent, expiring together. */
public record Lot(String id, Instant expiresAt, long remaining) {
}
