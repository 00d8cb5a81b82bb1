package dev.loyalty.app.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress once a second: a bar redrawn in place with {@code \r} on a terminal, plain log lines
 * otherwise (a redirected stream full of carriage returns is unreadable).
 */
public final class ProgressReporter {

    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long lastReportNanos;
    private long lastReportSent;
    private boolean barDrawn;

    public ProgressReporter(PrintWriter out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressReporter(PrintWriter out, boolean terminal, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    /** A reporter that prints nothing, for callers that want only the summary. */
    public static ProgressReporter silent() {
        return new ProgressReporter(null, false);
    }

    /**
     * @param fractionDone 0..1, or a negative value when the run has no known end
     * @param simulatedAt the business time reached, or null when it is not worth showing
     */
    void update(long sent, double fractionDone, Instant simulatedAt) {
        long nowNanos = nanoClock.getAsLong();
        if (out == null || nowNanos - lastReportNanos < INTERVAL_NANOS) {
            return;
        }
        double rate = (sent - lastReportSent) * 1e9 / (nowNanos - lastReportNanos);
        Duration elapsed = Duration.ofNanos(nowNanos - startNanos);
        String line = line(sent, rate, fractionDone, simulatedAt, elapsed, terminal);
        if (terminal) {
            out.print("\r" + line);
            barDrawn = true;
        } else {
            out.println(line);
        }
        out.flush();
        lastReportNanos = nowNanos;
        lastReportSent = sent;
    }

    /** Ends the bar's line so the summary starts on a fresh one. */
    void finish() {
        if (barDrawn) {
            out.println();
            out.flush();
            barDrawn = false;
        }
    }

    static String line(long sent, double rate, double fractionDone, Instant simulatedAt, Duration elapsed,
                       boolean bar) {
        StringBuilder line = new StringBuilder();
        boolean known = fractionDone >= 0;
        double fraction = Math.min(1, fractionDone);
        if (bar && known) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        }
        if (!bar) {
            line.append("simulate: ");
        }
        if (known) {
            line.append(String.format(Locale.ROOT, "%3.0f%% ", fraction * 100));
        }
        line.append(String.format(Locale.ROOT, "%,d events %,.0f ev/s", sent, rate));
        if (simulatedAt != null) {
            line.append(" sim ").append(simulatedAt.atOffset(ZoneOffset.UTC).toLocalDate());
        }
        if (known && fraction > 0) {
            long etaNanos = (long) (elapsed.toNanos() * (1 - fraction) / fraction);
            line.append(" ETA ").append(SimulationSummary.human(Duration.ofNanos(etaNanos)));
        }
        // Pads over the remains of a longer previous line when redrawn in place.
        return bar ? line + "   " : line.toString();
    }
}
