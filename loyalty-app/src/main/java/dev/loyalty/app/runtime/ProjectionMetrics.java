package dev.loyalty.app.runtime;

import dev.loyalty.projections.ProjectionListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projections' counters, exported as {@code loyalty_signals_sent_total{topic}},
 * {@code loyalty_signals_held_back_total{topic}}, {@code loyalty_projection_entries_applied_total},
 * {@code loyalty_projection_entries_redelivered_total} and {@code loyalty_projection_entries_tampered_total}.
 */
final class ProjectionMetrics implements ProjectionListener {

    private final MeterRegistry registry;
    private final Map<String, Counter> sentByTopic = new ConcurrentHashMap<>();
    private final Map<String, Counter> heldBackByTopic = new ConcurrentHashMap<>();
    private final Counter applied;
    private final Counter redelivered;
    private final Counter tampered;

    ProjectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.applied = Counter.builder("loyalty.projection.entries.applied")
                .description("Ledger entries applied to the views").register(registry);
        this.redelivered = Counter.builder("loyalty.projection.entries.redelivered")
                .description("Ledger entries read again and skipped").register(registry);
        this.tampered = Counter.builder("loyalty.projection.entries.tampered")
                .description("Ledger entries not applied: chain broken or, with a ledger key, mac failed")
                .register(registry);
    }

    @Override
    public void signalSent(String topic) {
        sentByTopic.computeIfAbsent(topic, t -> Counter.builder("loyalty.signals.sent").tag("topic", t)
                .description("Marketing signals sent").register(registry)).increment();
    }

    @Override
    public void signalHeldBack(String topic) {
        heldBackByTopic.computeIfAbsent(topic, t -> Counter.builder("loyalty.signals.held.back").tag("topic", t)
                .description("Signals a rebuild did not send again").register(registry)).increment();
    }

    @Override
    public void entryApplied() {
        applied.increment();
    }

    @Override
    public void entryRedelivered() {
        redelivered.increment();
    }

    @Override
    public void entryTampered() {
        tampered.increment();
    }
}
