package dev.loyalty.projections;

import dev.loyalty.core.topic.Topics;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A record of loyalty.expiry-warnings (SPEC section 5): points due to expire on one day.
 * {@code expiresAt} is the first of that day's lots to expire, {@code at} the time the warning fell due.
 */
public record ExpiryWarning(String signalId, String customerId, long points, Instant expiresAt, long balance,
                            Instant at) implements Signal {

    static ExpiryWarning of(String customerId, LocalDate day, long points, Instant expiresAt, long balance,
                            Instant at) {
        return new ExpiryWarning(customerId + ":expiry-warning:" + day, customerId, points, expiresAt, balance, at);
    }

    @Override
    public byte[] toJson() {
        return SignalJson.write(out -> out.text("signalId", signalId).text("customerId", customerId)
                .number("points", points).instant("expiresAt", expiresAt).number("balance", balance).instant("at", at));
    }

    @Override
    public String topic(Topics topics) {
        return topics.expiryWarnings();
    }
}
