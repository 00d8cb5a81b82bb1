package dev.loyalty.core.time;

import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * A partition's business clock (SPEC section 4, Time): the later of the wall clock and the latest
 * {@code occurredAt} seen, so an event from the future moves the whole partition forward. The
 * latest time seen is handed to {@code persist} whenever it moves, so a restart does not move time
 * back; the writer and the projections keep it in a state store.
 */
public final class BusinessClock {

    private final LongConsumer persist;
    private long latestSeen;

    /** @param stored the latest {@code occurredAt} persisted before, in epoch millis, or null */
    public BusinessClock(Long stored, LongConsumer persist) {
        this.persist = persist;
        this.latestSeen = stored == null ? Long.MIN_VALUE : stored;
    }

    public void observe(Instant occurredAt) {
        long t = occurredAt.toEpochMilli();
        if (t > latestSeen) {
            latestSeen = t;
            persist.accept(t);
        }
    }

    public Instant now(long wallClockMs) {
        return Instant.ofEpochMilli(Math.max(wallClockMs, latestSeen));
    }
}
