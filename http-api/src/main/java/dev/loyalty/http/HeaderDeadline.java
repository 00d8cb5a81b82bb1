package dev.loyalty.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request headers keep arriving for longer than the deadline. Jetty reads
 * headers without holding a thread, so a slow client costs only its connection; this bounds how long
 * it may keep even that. Each connection is looked at once per deadline: headers still incomplete at
 * two looks in a row, with no request finished in between, are cut off (so after one to two deadlines).
 */
final class HeaderDeadline implements Connection.Listener {

    private final Scheduler scheduler;
    private final long deadlineMillis;

    HeaderDeadline(Scheduler scheduler, Duration deadline) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            lookLater(http, false, 0);
        }
    }

    private void lookLater(HttpConnection http, boolean wasInHeaders, long requestsBefore) {
        scheduler.schedule(() -> look(http, wasInHeaders, requestsBefore), deadlineMillis, TimeUnit.MILLISECONDS);
    }

    private void look(HttpConnection http, boolean wasInHeaders, long requestsBefore) {
        if (!http.getEndPoint().isOpen()) {
            return;
        }
        // Read from the scheduler's thread without the connection's lock: a stale view only delays the cut by one look.
        boolean inHeaders = http.getParser().inHeaderState() && !http.getParser().isStart();
        long requests = http.getMessagesIn();
        if (inHeaders && wasInHeaders && requests == requestsBefore) {
            http.getEndPoint().close();
            return;
        }
        lookLater(http, inHeaders, requests);
    }
}
