package dev.loyalty.app.simulate;

import java.time.Instant;

/**
 * One record the simulator publishes: the key (customer id), the exact value bytes, and what the model
 * meant by it. {@code simulatedAt} is the model's business time, which equals the {@code occurredAt}
 * inside the value except in live mode and for duplicates, which carry their original bytes.
 */
public record SimulatedEvent(Kind kind, String eventId, String key, byte[] value, Instant simulatedAt) {

    /** What a record is, for counting: the four event types the model emits, and the deliberate noise. */
    public enum Kind {
        PURCHASE("purchase"),
        RETURN("return"),
        REDEMPTION("redemption"),
        ENGAGEMENT("engagement"),
        BAD("bad"),
        DUPLICATE("duplicate"),
        CLOCK_TICK("clock tick");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
