package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

    private static final Instant MARCH = Instant.parse("2026-03-14T10:00:00Z");

    @Test
    void aTerminalGetsABarRedrawnInPlace() {
        String line = ProgressReporter.line(12_345, 2_000, 0.5, MARCH, Duration.ofSeconds(30), true);

        assertThat(line).startsWith("[###############...............]  50% 12,345 events 2,000 ev/s sim 2026-03-14 ETA 30.0s");
    }

    @Test
    void aLogGetsPlainLinesAndNoBarWhenTheEndIsUnknown() {
        String line = ProgressReporter.line(500, 100, -1, null, Duration.ofSeconds(5), false);

        assertThat(line).isEqualTo("simulate: 500 events 100 ev/s");
    }

    @Test
    void reportsAtMostOncePerSecond() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressReporter progress = new ProgressReporter(new PrintWriter(text), false, clock::get);

        clock.set(400_000_000L);
        progress.update(100, 0.1, null);
        clock.set(1_000_000_000L);
        progress.update(200, 0.2, null);
        clock.set(1_500_000_000L);
        progress.update(300, 0.3, null);
        clock.set(2_000_000_000L);
        progress.update(400, 0.4, null);

        assertThat(text.toString().lines()).containsExactly(
                "simulate:  20% 200 events 200 ev/s ETA 4.0s",
                "simulate:  40% 400 events 200 ev/s ETA 3.0s");
    }

    @Test
    void theBarLineIsEndedBeforeTheSummary() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressReporter progress = new ProgressReporter(new PrintWriter(text), true, clock::get);

        clock.set(1_000_000_000L);
        progress.update(10, 0.5, null);
        progress.finish();

        assertThat(text.toString()).startsWith("\r[").endsWith(System.lineSeparator());
    }
}
