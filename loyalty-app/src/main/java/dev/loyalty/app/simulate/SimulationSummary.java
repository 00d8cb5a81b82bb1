package dev.loyalty.app.simulate;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a simulation run published. {@code firstSimulated}/{@code lastSimulated} span the business time
 * covered (null when nothing was sent); {@code error} is the first send failure, or null.
 */
public record SimulationSummary(Map<Kind, Long> eventsByKind, long failed, int customers, Instant firstSimulated,
                                Instant lastSimulated, Duration elapsed, String error) {

    public SimulationSummary {
        eventsByKind = Map.copyOf(eventsByKind);
    }

    public long count(Kind kind) {
        return eventsByKind.getOrDefault(kind, 0L);
    }

    /** Every record sent, the noise and the clock ticks included. */
    public long sent() {
        return eventsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    public long bad() {
        return count(Kind.BAD);
    }

    public long duplicates() {
        return count(Kind.DUPLICATE);
    }

    public Duration simulatedSpan() {
        return firstSimulated == null ? Duration.ZERO : Duration.between(firstSimulated, lastSimulated);
    }

    public double averageRate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent() / seconds;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "simulate: %,d events in %s (%,.0f events/s), %,d customers%n",
                sent(), human(elapsed), averageRate(), customers));
        if (firstSimulated != null) {
            out.append(String.format(Locale.ROOT, "  simulated %s .. %s (%,d days)%n",
                    firstSimulated.truncatedTo(ChronoUnit.SECONDS), lastSimulated.truncatedTo(ChronoUnit.SECONDS),
                    Math.round(simulatedSpan().toSeconds() / 86_400.0)));
        }
        Map<Kind, Long> ordered = new EnumMap<>(Kind.class);
        ordered.putAll(eventsByKind);
        ordered.forEach((kind, count) -> out.append(String.format(Locale.ROOT, "  %-11s %,12d%n", kind.label(), count)));
        if (failed > 0) {
            out.append(String.format(Locale.ROOT, "  FAILED %,d sends: %s%n", failed, error));
        }
        return out.toString();
    }

    static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        return seconds < 3600
                ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%dh%02dm%02ds", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
