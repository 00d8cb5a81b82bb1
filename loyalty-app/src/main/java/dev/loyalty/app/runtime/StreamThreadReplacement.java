package dev.loyalty.app.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream thread that dies is replaced by a new one, which takes its tasks from their last commit:
 * under exactly-once nothing is skipped or applied twice. A failure that comes back at once would
 * only be replaced forever, so after {@link #MAX_REPLACEMENTS} within {@link #WINDOW} the application
 * shuts down instead, and the process exits for its supervisor to restart and people to look at.
 */
final class StreamThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadReplacement.class);
    static final int MAX_REPLACEMENTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final String application;
    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    StreamThreadReplacement(String application, Clock clock) {
        this.application = application;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(WINDOW))) {
            replacements.removeFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error("a stream thread of the {} died, the {}th time within {} min: shutting down", application,
                    MAX_REPLACEMENTS + 1, WINDOW.toMinutes(), exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.warn("a stream thread of the {} died; replacing it, to continue from its last commit", application,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
