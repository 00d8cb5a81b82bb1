package dev.loyalty.core.ledger;

import dev.loyalty.core.json.Json;

/** A record of loyalty.redemption-results (SPEC section 5). */
public record RedemptionResult(String eventId, String customerId, String status, long points, long balanceAfter,
                               String entryId, String reason) {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    public static RedemptionResult accepted(LedgerEntry entry) {
        return new RedemptionResult(entry.sourceEventId(), entry.customerId(), ACCEPTED, -entry.points(),
                entry.balanceAfter(), entry.entryId(), null);
    }

    public static RedemptionResult rejected(String eventId, String customerId, long points, long balance, String reason) {
        return new RedemptionResult(eventId, customerId, REJECTED, points, balance, null, reason);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static RedemptionResult fromJson(byte[] json) {
        return Json.read(json, RedemptionResult.class);
    }
}
