package dev.loyalty.app.runtime;

import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.app.http.OperationsHttpServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process: the embedded broker unless a cluster is given, the topics, the
 * ledger writer and the HTTP server. Closing stops them in reverse order of start.
 */
public final class LoyaltySystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoyaltySystem.class);
    private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final boolean embeddedBroker;
    private final Deque<AutoCloseable> started;
    private final OperationsHttpServer http;
    private final CompletableFuture<Void> running;
    private final CompletableFuture<Void> failed;

    private LoyaltySystem(String bootstrapServers, boolean embeddedBroker, Deque<AutoCloseable> started,
                          OperationsHttpServer http, CompletableFuture<Void> running, CompletableFuture<Void> failed) {
        this.bootstrapServers = bootstrapServers;
        this.embeddedBroker = embeddedBroker;
        this.started = started;
        this.http = http;
        this.running = running;
        this.failed = failed;
    }

    public static LoyaltySystem start(RunSettings settings) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            started.push(DataDirLock.acquire(settings.dataDir()));
            String bootstrap;
            if (settings.externalBootstrapServers().isPresent()) {
                bootstrap = settings.externalBootstrapServers().get();
                LOG.info("joining the Kafka cluster at {}", bootstrap);
            } else {
                LOG.info("starting the embedded Kafka broker on port {}, data in {}", settings.kafkaPort(),
                        settings.dataDir().toAbsolutePath());
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings.dataDir().resolve("kafka"),
                        settings.kafkaPort());
                started.push(broker);
                bootstrap = broker.bootstrapServers();
            }
            KafkaConnection connection = new KafkaConnection(bootstrap, settings.clientSecurity());
            try (Admin admin = Admin.create(connection.clientConfig())) {
                List<String> created = TopicProvisioner.ensureTopics(admin, settings.topics(), settings.partitions(),
                        settings.replicationFactor());
                if (!created.isEmpty()) {
                    LOG.info("created topics {}", created);
                }
            }

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            started.push(registry::close);
            KafkaStreams writer = LedgerWriterApp.create(settings, bootstrap, new WriterMetrics(registry));
            CompletableFuture<Void> running = new CompletableFuture<>();
            CompletableFuture<Void> failed = new CompletableFuture<>();
            writer.setStateListener((newState, oldState) -> {
                if (newState == KafkaStreams.State.RUNNING) {
                    running.complete(null);
                } else if (newState == KafkaStreams.State.ERROR) {
                    failed.complete(null);
                }
            });
            KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(writer);
            streamsMetrics.bindTo(registry);
            // Leaving the group hands the partitions over at once: a restart does not wait out the session timeout.
            started.push(() -> writer.close(CloseOptions.timeout(STREAMS_CLOSE_TIMEOUT)
                    .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)));
            started.push(streamsMetrics);
            writer.start();

            OperationsHttpServer http = OperationsHttpServer.start(settings.httpPort(),
                    Map.of(settings.applicationId(), writer), registry);
            started.push(http);
            return new LoyaltySystem(bootstrap, settings.externalBootstrapServers().isEmpty(), started, http, running,
                    failed);
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException("cannot start the HTTP server on port " + settings.httpPort()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return embeddedBroker;
    }

    public int httpPort() {
        return http.port();
    }

    /** Completes when the ledger writer first runs. */
    public CompletableFuture<Void> running() {
        return running;
    }

    /** Completes when the ledger writer has stopped on an error it could not handle. */
    public CompletableFuture<Void> failed() {
        return failed;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("error while shutting down: {}", e.toString());
            }
        }
    }
}
