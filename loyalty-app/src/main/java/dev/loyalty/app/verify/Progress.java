package dev.loyalty.app.verify;

import dev.loyalty.writer.LedgerReader;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of a long read on one line: how far, how fast, how long left. Redrawn in place on a
 * terminal, printed every few seconds as plain lines otherwise (logs, CI).
 */
public final class Progress implements LedgerReader.Progress {

    private final String label;
    private final PrintStream out;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long total;
    private long lastPrintNanos;

    public Progress(String label, PrintStream out, boolean terminal) {
        this.label = label;
        this.out = out;
        this.terminal = terminal;
    }

    public static Progress onStderr(String label) {
        return new Progress(label, System.err, System.console() != null);
    }

    public static Progress silent() {
        return new Progress("", new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    @Override
    public void start(long expectedTotal) {
        this.total = expectedTotal;
    }

    @Override
    public void advance(long done) {
        long now = System.nanoTime();
        long every = terminal ? 200_000_000L : 5_000_000_000L;
        if (now - lastPrintNanos >= every) {
            lastPrintNanos = now;
            print(done, false);
        }
    }

    @Override
    public void done(long done) {
        print(done, true);
    }

    private void print(long done, boolean last) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / seconds;
        String percent = total > 0 ? String.format("%3d%%", Math.min(100, done * 100 / total)) : "";
        String left = total > done && rate > 0 ? ", " + format(Duration.ofSeconds((long) ((total - done) / rate))) + " left" : "";
        String line = String.format("%s %s %,d/%,d entries, %,.0f/s%s", label, percent, done, total, rate, last ? "" : left);
        if (terminal) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String format(Duration d) {
        return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }
}
