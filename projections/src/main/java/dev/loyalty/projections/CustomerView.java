package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The answer of {@code GET /customers/{id}} (SPEC section 6). {@code lifetimeEarned} is net of
 * clawbacks and negative adjustments, so balance = lifetimeEarned - lifetimeRedeemed - lifetimeExpired.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CustomerView(String customerId, long balance, String tier, BigDecimal qualifyingSpend,
                           long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired, Instant lastPurchaseAt,
                           ChurnStatus status, NextExpiry nextExpiry) {

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
