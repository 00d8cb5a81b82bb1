package dev.loyalty.core.ledger;

/**
 * An entry as the writer appends it: the sealed entry, and {@code json}, the value of its
 * loyalty.ledger record, written from the JSON tree the seal was computed on (byte for byte
 * {@code entry.toJson()}), so the entry is serialized once.
 */
public record SealedEntry(LedgerEntry entry, byte[] json) {
}
