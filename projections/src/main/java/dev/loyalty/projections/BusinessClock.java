package dev.loyalty.projections;

import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's business clock (SPEC section 4, Time): the later of the wall clock and the latest
 * {@code occurredAt} the task has read, kept in a store so a restart does not move time back.
 */
final class BusinessClock {

    private static final String KEY = "latest-occurred-at";

    private final KeyValueStore<String, Long> store;
    private long latestSeen;

    BusinessClock(KeyValueStore<String, Long> store) {
        this.store = store;
        Long stored = store.get(KEY);
        this.latestSeen = stored == null ? Long.MIN_VALUE : stored;
    }

    void observe(Instant occurredAt) {
        long t = occurredAt.toEpochMilli();
        if (t > latestSeen) {
            latestSeen = t;
            store.put(KEY, t);
        }
    }

    Instant now(long wallClockMs) {
        return Instant.ofEpochMilli(Math.max(wallClockMs, latestSeen));
    }
}
