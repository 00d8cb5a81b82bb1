package dev.loyalty.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongConsumer;

/**
 * A partition's business clock (SPEC section 4, Time): the later of the wall clock and the latest
 * {@code occurredAt} seen. The latest time seen is handed to {@code persist} whenever it moves, so a
 * restart does not move time back; the writer and the projections keep it in a state store.
 *
 * <p>In production the clock may lead the wall clock by at most {@code maxLead} (the maximum future
 * skew): events dated further ahead are refused before they get here, and a time stored before that
 * rule existed cannot expire anyone's points early either. In simulated time ({@code maxLead} null) an
 * event from the future moves the whole partition forward.
 */
public final class BusinessClock {

    private final LongConsumer persist;
    private final Duration maxLead;
    private long latestSeen;

    /** A clock whose future-dated events move it without limit: simulated time, or a reader that follows the ledger. */
    public BusinessClock(Long stored, LongConsumer persist) {
        this(stored, persist, null);
    }

    /**
     * @param stored the latest {@code occurredAt} persisted before, in epoch millis, or null
     * @param maxLead how far the clock may run ahead of the wall clock; null for no bound (simulated time)
     */
    public BusinessClock(Long stored, LongConsumer persist, Duration maxLead) {
        this.persist = persist;
        this.maxLead = maxLead;
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
        return Instant.ofEpochMilli(Math.max(wallClockMs, bounded(latestSeen, wallClockMs)));
    }

    /** What {@link #now} would say once {@code occurredAt} is observed, without observing it. */
    public Instant nowWith(Instant occurredAt, long wallClockMs) {
        long seen = Math.max(latestSeen, occurredAt.toEpochMilli());
        return Instant.ofEpochMilli(Math.max(wallClockMs, bounded(seen, wallClockMs)));
    }

    private long bounded(long seen, long wallClockMs) {
        return maxLead == null ? seen : Math.min(seen, wallClockMs + maxLead.toMillis());
    }
}
