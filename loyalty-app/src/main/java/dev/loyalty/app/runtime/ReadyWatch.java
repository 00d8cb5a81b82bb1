package dev.loyalty.app.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Completes a future once every application does its part on this instance ({@link OwnPart}),
 * looking every {@value #INTERVAL_MS} ms: a stream thread taking an assignment that gives it only
 * standby copies changes no state a Kafka Streams listener hears of.
 */
final class ReadyWatch implements AutoCloseable {

    private static final long INTERVAL_MS = 25;

    private final ScheduledExecutorService looker;

    private ReadyWatch(ScheduledExecutorService looker) {
        this.looker = looker;
    }

    static ReadyWatch start(Collection<KafkaStreams> apps, HostInfo self, CompletableFuture<Void> ready) {
        ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ready-watch");
            thread.setDaemon(true);
            return thread;
        });
        looker.scheduleWithFixedDelay(() -> {
            if (apps.stream().allMatch(app -> OwnPart.runs(app, self))) {
                ready.complete(null);
                looker.shutdown();
            }
        }, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return new ReadyWatch(looker);
    }

    @Override
    public void close() throws InterruptedException {
        looker.shutdownNow();
        looker.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    }
}
