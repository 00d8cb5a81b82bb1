package dev.loyalty.core.ledger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One record of loyalty.ledger (SPEC section 3). Entries are never changed; corrections are new
 * entries. {@code lot} is set on credits that formed a lot, {@code consumed} on debits,
 * {@code previousTier} and {@code qualifyingSpend} on TIER_CHANGED. {@code hash} and {@code mac} are its
 * seal ({@link LedgerSeal}), set by the writer as it appends the entry.
 */
public record LedgerEntry(
        String entryId,
        String customerId,
        long seq,
        EntryKind kind,
        long points,
        long balanceAfter,
        String sourceEventId,
        Instant occurredAt,
        Instant recordedAt,
        String tier,
        String previousTier,
        BigDecimal qualifyingSpend,
        LotRef lot,
        List<Consumption> consumed,
        Detail detail,
        String programVersion,
        String hash,
        EntryMac mac) {

    /**
     * Refuses what no writer writes, so a record another client put on the ledger without the fields
     * every reader relies on is unreadable there rather than a crash further on.
     */
    public LedgerEntry {
        if (customerId == null || kind == null || occurredAt == null || seq < 1) {
            throw new IllegalArgumentException("a ledger entry needs customerId, seq >= 1, kind and occurredAt");
        }
        // 64 code points, as the writer accepts them: a longer id would be a store key no changelog takes.
        if (customerId.isEmpty() || customerId.length() > 128) {
            throw new IllegalArgumentException("customerId must have 1 to 64 characters");
        }
        if (!fitsEpochMillis(occurredAt) || (recordedAt != null && !fitsEpochMillis(recordedAt))) {
            throw new IllegalArgumentException("occurredAt and recordedAt must fit in epoch milliseconds");
        }
        consumed = consumed == null || consumed.isEmpty() ? null : List.copyOf(consumed);
    }

    private static boolean fitsEpochMillis(Instant t) {
        return Math.abs(t.getEpochSecond()) < Long.MAX_VALUE / 1000 - 1;
    }

    /** An entry not sealed yet. */
    public LedgerEntry(String entryId, String customerId, long seq, EntryKind kind, long points, long balanceAfter,
                       String sourceEventId, Instant occurredAt, Instant recordedAt, String tier, String previousTier,
                       BigDecimal qualifyingSpend, LotRef lot, List<Consumption> consumed, Detail detail,
                       String programVersion) {
        this(entryId, customerId, seq, kind, points, balanceAfter, sourceEventId, occurredAt, recordedAt, tier,
                previousTier, qualifyingSpend, lot, consumed, detail, programVersion, null, null);
    }

    public LedgerEntry withSeal(String hash, EntryMac mac) {
        return new LedgerEntry(entryId, customerId, seq, kind, points, balanceAfter, sourceEventId, occurredAt,
                recordedAt, tier, previousTier, qualifyingSpend, lot, consumed, detail, programVersion, hash, mac);
    }

    public static String entryId(String customerId, long seq) {
        return customerId + ":" + seq;
    }

    /** Consumptions as a list, empty for entries that took nothing from a lot. */
    @JsonIgnore
    public List<Consumption> consumedOrEmpty() {
        return consumed == null ? List.of() : consumed;
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static LedgerEntry fromJson(byte[] json) {
        return Json.read(json, LedgerEntry.class);
    }
}
