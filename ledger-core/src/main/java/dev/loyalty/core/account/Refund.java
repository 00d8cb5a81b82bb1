package dev.loyalty.core.account;

import java.math.BigDecimal;
import java.time.Instant;

/** Money returned on an order at a point in business time. */
public record Refund(Instant at, BigDecimal amount) {
}
