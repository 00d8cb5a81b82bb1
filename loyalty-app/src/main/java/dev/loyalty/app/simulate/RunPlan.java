package dev.loyalty.app.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * When a run stops and how fast it goes. Whichever limit is reached first ends the run; a plan with
 * no limit runs until {@link Simulator#stop()}.
 *
 * @param simulatedEnd accelerated mode: stop before the first event at or after this business time, then
 *                     move every partition's clock there; null in live mode
 * @param maxEvents stop after this many model events (clock ticks not counted); 0 for no limit
 * @param maxDuration stop after this much wall-clock time; null for no limit
 * @param eventsPerSecond steady publishing rate; 0 for as fast as the broker accepts
 */
public record RunPlan(Instant simulatedEnd, long maxEvents, Duration maxDuration, double eventsPerSecond) {

    public RunPlan {
        if (maxEvents < 0 || eventsPerSecond < 0 || (maxDuration != null && maxDuration.isNegative())) {
            throw new IllegalArgumentException("limits and rate must not be negative");
        }
    }
}
