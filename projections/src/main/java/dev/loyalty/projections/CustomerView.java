package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The answer of {@code GET /customers/{id}} (SPEC section 6). {@code lifetimeEarned} is net of
 * clawbacks and negative adjustments, so balance = lifetimeEarned - lifetimeRedeemed - lifetimeExpired.
 * {@code seq}, beyond the contract's fields, is the last ledger entry the view reflects, so a reader
 * (such as {@code verify}) can tell a view that lags from one that is wrong.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerView(String customerId, long balance, String tier, BigDecimal qualifyingSpend,
                           long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired, Instant lastPurchaseAt,
                           ChurnStatus status, NextExpiry nextExpiry, long seq) {

    /** The points due to expire first: all of the first expiry day, and when its first lot expires. */
    public record NextExpiry(long points, Instant expiresAt) {
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static CustomerView fromJson(byte[] json) {
        return Json.read(json, CustomerView.class);
    }
}
