package dev.loyalty.app.runtime;

import dev.loyalty.core.program.Tier;
import dev.loyalty.projections.ProgramMetrics;
import dev.loyalty.projections.query.ProjectionReader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The program's KPIs as Prometheus gauges, from the partitions this instance holds:
 * {@code loyalty_program_members}, {@code ..._active_members}, {@code ..._points_issued},
 * {@code ..._points_redeemed}, {@code ..._points_expired}, {@code ..._points_outstanding} (the liability)
 * and {@code ..._members_per_tier{tier}}. Every one adds up across instances, so a dashboard sums them
 * and derives the rates (redemption = redeemed / issued, breakage = expired / issued), as
 * {@code GET /program/metrics} does. While the stores move (a rebalance) a gauge reads NaN.
 */
final class ProgramGauges {

    private ProgramGauges() {
    }

    static void register(MeterRegistry registry, ProjectionReader reader, List<Tier> tiers) {
        gauge(registry, reader, "loyalty.program.members", "Members of the program", ProgramMetrics::members);
        gauge(registry, reader, "loyalty.program.active.members", "Members with a purchase in the last 30 days",
                ProgramMetrics::activeMembers);
        gauge(registry, reader, "loyalty.program.points.issued", "Points ever credited", ProgramMetrics::pointsIssued);
        gauge(registry, reader, "loyalty.program.points.redeemed", "Points ever redeemed",
                ProgramMetrics::pointsRedeemed);
        gauge(registry, reader, "loyalty.program.points.expired", "Points ever expired", ProgramMetrics::pointsExpired);
        gauge(registry, reader, "loyalty.program.points.outstanding", "Points customers hold: the liability",
                ProgramMetrics::pointsOutstanding);
        for (Tier tier : tiers) {
            Gauge.builder("loyalty.program.members.per.tier", reader,
                            r -> read(r, m -> m.membersPerTier().getOrDefault(tier.name(), 0L)))
                    .tag("tier", tier.name()).description("Members per tier").register(registry);
        }
    }

    private static void gauge(MeterRegistry registry, ProjectionReader reader, String name, String description,
                              ToDoubleFunction<ProgramMetrics> value) {
        Gauge.builder(name, reader, r -> read(r, value)).description(description).register(registry);
    }

    private static double read(ProjectionReader reader, ToDoubleFunction<ProgramMetrics> value) {
        try {
            return value.applyAsDouble(ProgramMetrics.of(reader.localTotals()));
        } catch (ProjectionReader.Unavailable e) {
            return Double.NaN;
        }
    }
}
