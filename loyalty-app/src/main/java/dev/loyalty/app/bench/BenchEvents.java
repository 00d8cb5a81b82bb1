package dev.loyalty.app.bench;

import dev.loyalty.app.simulate.SimulatedEvent;
import dev.loyalty.app.simulate.TrafficModel;
import dev.loyalty.core.program.Program;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Benchmark input from the simulator's traffic model: the realistic mix of purchases with baskets,
 * returns, redemptions, engagement, and a little bad and duplicate input.
 */
final class BenchEvents {

    /** The events, and how many distinct customers they touch. */
    record Batch(List<BenchEvent> events, int customers) {
    }

    private BenchEvents() {
    }

    /**
     * Spreads {@code count} events over {@code customers}: the model runs in accelerated time from a
     * start far enough back that the business clock never runs ahead of the wall clock.
     */
    static Batch generate(long seed, int customers, int count, Program program) {
        Instant start = Instant.now().minusSeconds(400L * 24 * 3600);
        TrafficModel model = TrafficModel.accelerated(seed, customers, start, program);
        List<BenchEvent> events = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        while (events.size() < count) {
            SimulatedEvent e = model.next();
            events.add(new BenchEvent(e.key() == null ? null : e.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    e.value()));
            if (e.key() != null) {
                seen.add(e.key());
            }
        }
        return new Batch(events, seen.size());
    }
}
