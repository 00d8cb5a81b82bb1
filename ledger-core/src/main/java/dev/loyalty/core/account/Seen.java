package dev.loyalty.core.account;

import dev.loyalty.core.ledger.RedemptionResult;
import java.time.Instant;

/** An eventId the account has decided on; redemptions keep their result to answer a re-delivery. */
public record Seen(Instant at, RedemptionResult result) {
}
