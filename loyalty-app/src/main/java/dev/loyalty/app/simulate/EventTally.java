package dev.loyalty.app.simulate;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts what has been sent, by kind, and the business time it covered. Live runs stamp events with the
 * wall clock, so their model time means nothing to a reader and is not tracked.
 */
public final class EventTally {

    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final boolean tracksBusinessTime;
    private long total;
    private Instant first;
    private Instant last;

    public EventTally(boolean tracksBusinessTime) {
        this.tracksBusinessTime = tracksBusinessTime;
    }

    public void add(SimulatedEvent event) {
        counts.merge(event.kind(), 1L, Long::sum);
        total++;
        if (!tracksBusinessTime) {
            return;
        }
        if (first == null) {
            first = event.simulatedAt();
        }
        if (last == null || event.simulatedAt().isAfter(last)) {
            last = event.simulatedAt();
        }
    }

    public long total() {
        return total;
    }

    /** The latest business time sent so far, or null before the first event and in live runs. */
    public Instant lastSimulated() {
        return last;
    }

    public SimulationSummary summary(int customers, Duration elapsed, long failed, String error) {
        return new SimulationSummary(counts, failed, customers, first, last, elapsed, error);
    }
}
