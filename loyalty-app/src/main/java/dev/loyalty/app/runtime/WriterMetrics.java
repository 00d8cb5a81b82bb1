package dev.loyalty.app.runtime;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.writer.WriterListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger writer's counters, exported as {@code loyalty_events_applied_total{type}},
 * {@code loyalty_events_rejected_total{reason}}, {@code loyalty_events_duplicate_total},
 * {@code loyalty_time_driven_entries_total} and {@code loyalty_program_versions_ignored_total}.
 */
public final class WriterMetrics implements WriterListener {

    private final MeterRegistry registry;
    private final Map<String, Counter> appliedByType = new ConcurrentHashMap<>();
    private final Map<RejectReason, Counter> rejectedByReason = new ConcurrentHashMap<>();
    private final Counter duplicates;
    private final Counter timeDriven;
    private final Counter programVersionsIgnored;

    public WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder("loyalty.events.duplicate")
                .description("Re-delivered events that changed nothing").register(registry);
        this.timeDriven = Counter.builder("loyalty.time.driven.entries")
                .description("Ledger entries written by the clock: expiry, downgrades").register(registry);
        this.programVersionsIgnored = Counter.builder("loyalty.program.versions.ignored")
                .description("Records of loyalty.program left out: no usable new version").register(registry);
    }

    @Override
    public void applied(String type, int entries) {
        appliedByType.computeIfAbsent(type, t -> Counter.builder("loyalty.events.applied").tag("type", t)
                .description("Input events applied to the ledger").register(registry)).increment();
    }

    @Override
    public void rejected(RejectReason reason) {
        rejectedByReason.computeIfAbsent(reason, r -> Counter.builder("loyalty.events.rejected").tag("reason", r.name())
                .description("Input events sent to the rejections topic").register(registry)).increment();
    }

    @Override
    public void duplicate() {
        duplicates.increment();
    }

    @Override
    public void timeDriven(int entries) {
        timeDriven.increment(entries);
    }

    @Override
    public void programVersionIgnored() {
        programVersionsIgnored.increment();
    }
}
