package dev.loyalty.core.ledger;

/**
 * The ledger writer's signature of an entry: {@code value} is the lowercase hex HMAC-SHA256, under the
 * key named {@code keyId}, of the entry's {@code hash} (its 64 ASCII characters).
 */
public record EntryMac(String keyId, String value) {
}
