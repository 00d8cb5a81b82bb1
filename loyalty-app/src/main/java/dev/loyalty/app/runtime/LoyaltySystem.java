package dev.loyalty.app.runtime;

import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.BadConfigurationException;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.http.HttpApi;
import dev.loyalty.http.KafkaEventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;
import dev.loyalty.projections.query.ProjectionReader;
import dev.loyalty.writer.LedgerWriterTopology;
import dev.loyalty.writer.WriterStateRebuild;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process: the embedded broker unless a cluster is given, the topics, the
 * ledger writer, the projections and the HTTP API. Closing stops them in reverse order of start.
 */
public final class LoyaltySystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoyaltySystem.class);
    private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final String bootstrapServers;
    private final boolean embeddedBroker;
    private final Deque<AutoCloseable> started;
    private final HttpApi http;
    private final CompletableFuture<Void> ready;
    private final CompletableFuture<Void> failed;

    private LoyaltySystem(String bootstrapServers, boolean embeddedBroker, Deque<AutoCloseable> started, HttpApi http,
                          CompletableFuture<Void> ready, CompletableFuture<Void> failed) {
        this.bootstrapServers = bootstrapServers;
        this.embeddedBroker = embeddedBroker;
        this.started = started;
        this.http = http;
        this.ready = ready;
        this.failed = failed;
    }

    public static LoyaltySystem start(RunSettings settings) {
        return start(settings, false);
    }

    /**
     * @param rebuildWriterState first rebuild the writer's state from the ledger, for when its local
     *     state and changelog topics were lost ({@link WriterStateRebuild}); refused while they hold state
     */
    public static LoyaltySystem start(RunSettings settings, boolean rebuildWriterState) {
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            started.push(DataDirLock.acquire(settings.dataDir()));
            Optional<KafkaPrincipals> principals = settings.kafkaPrincipals()
                    .map(file -> settings.secure() ? KafkaPrincipals.loadOrGenerate(file) : KafkaPrincipals.load(file));
            String bootstrap = startOrJoinKafka(settings, principals, started);
            // The secured embedded broker takes SASL_PLAINTEXT and SCRAM, the principals' defaults, whatever is configured.
            KafkaConnection connection = new KafkaConnection(bootstrap,
                    settings.secure() ? Map.of() : settings.clientSecurity());
            // Each part connects as its own principal when there are principals.
            Function<KafkaRole, KafkaConnection> asRole = role -> principals.map(p -> connection.as(role, p))
                    .orElse(connection);
            int eventPartitions;
            try (Admin admin = Admin.create(asRole.apply(KafkaRole.OPERATOR).clientConfig())) {
                TopicProvisioner.Provisioned topics = TopicProvisioner.ensureTopics(admin, settings.topics(),
                        settings.partitions(), settings.replicationFactor());
                if (!topics.created().isEmpty()) {
                    LOG.info("created topics {}", topics.created());
                }
                eventPartitions = topics.partitions().get(settings.topics().events());
            }
            // The projections' signal rules (expiry warnings, churn, active members) follow the latest version at start.
            RunSettings projectionSettings = settings.withProgram(
                    seedOrCheckProgram(settings, asRole.apply(KafkaRole.OPERATOR)).latest().program());
            if (rebuildWriterState) {
                rebuildWriterState(settings, asRole.apply(KafkaRole.WRITER));
            }

            // The projections must know their own HTTP address before they start, to route queries.
            int httpPort = settings.httpPort() != 0 ? settings.httpPort() : FreeLocalPort.find();
            HostInfo self = HostInfo.buildFromEndpoint(settings.applicationServer().orElse("localhost:" + httpPort));

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // The writer's in-memory store of program versions: Prometheus refuses its state metrics, whose tag
            // keys differ from the RocksDB stores' of the same names, and would say so at every start.
            registry.config().meterFilter(MeterFilter.deny(id -> id.getTag("in.memory.state.id") != null));
            started.push(registry::close);
            CompletableFuture<Void> ready = new CompletableFuture<>();
            CompletableFuture<Void> failed = new CompletableFuture<>();
            started.push(new HangingTransactionWatch(asRole.apply(KafkaRole.OPERATOR).clientConfig(),
                    systemTopics(settings), ready, Clock.systemUTC()));
            LocalState writerState = StreamsSettings.localState(settings, settings.applicationId());
            KafkaStreams writer = LedgerWriterApp.create(settings, asRole.apply(KafkaRole.WRITER), self,
                    new WriterMetrics(registry), eventPartitions, writerState);
            // The projections serve as a generation a replay can replace while the system runs.
            ProjectionGenerations generations = new ProjectionGenerations(projectionSettings, asRole.apply(KafkaRole.PROJECTIONS), self,
                    new ProjectionMetrics(registry), registry);
            started.push(generations);
            ReplayCoordinator replay = new ReplayCoordinator(generations, projectionSettings, asRole.apply(KafkaRole.PROJECTIONS),
                    () -> failed.complete(null));
            started.push(replay);
            ProgramGauges.register(registry, generations.reader(), projectionSettings.program().tiers());
            bindJvmAndProcessMetrics(registry, started);
            KafkaStreamsMetrics writerMetrics = new KafkaStreamsMetrics(writer,
                    Tags.of(ProjectionGenerations.APP_TAG, "writer"));
            writerMetrics.bindTo(registry);
            started.push(writerMetrics);
            KafkaStreams projections = generations.serving().streams();
            Map<String, KafkaStreams> apps = Map.of("writer", writer, "projections", projections);
            for (KafkaStreams app : apps.values()) {
                app.setStateListener((newState, oldState) -> {
                    if (newState == KafkaStreams.State.ERROR) {
                        failed.complete(null);
                    }
                });
            }
            started.push(ReadyWatch.start(apps.values(), self, ready));
            // Leaving the group hands the partitions over at once: a restart does not wait out the session timeout.
            // The projections stop with their generations.
            started.push(() -> {
                if (writer.close(CloseOptions.timeout(STREAMS_CLOSE_TIMEOUT)
                        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
                    writerState.markClosed();
                }
            });
            // The applications start (open their stores, join their groups) while the HTTP API is built.
            CompletableFuture<Void> appsStarted = startTogether(apps.values());
            // Closing (a failed start) waits for the starts first: a client closed while it starts may leave threads.
            started.push(() -> appsStarted.handle((ok, failure) -> null).join());

            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(asRole.apply(KafkaRole.PUBLISHER)),
                    new StringSerializer(), new ByteArraySerializer());
            started.push(producer);
            KafkaReachability reachability = new KafkaReachability(asRole.apply(KafkaRole.OPERATOR).clientConfig(),
                    Clock.systemUTC());
            started.push(reachability);
            HttpApi http = new HttpApi(httpPort, settings.httpAccess(), generations.reader(),
                    new KafkaEventPublisher(producer, settings.topics().events(), PUBLISH_TIMEOUT),
                    new SystemReadiness(writer, () -> generations.serving().streams(), ready,
                            reachability::unreachableFor), registry::scrape, replay,
                    () -> programVersions(writer, settings));
            started.push(http);
            // Live (and answering 503 with a reason) while the stores open: that is most of a restart.
            http.start();
            awaitStarted(appsStarted);
            return new LoyaltySystem(bootstrap, settings.externalBootstrapServers().isEmpty(), started, http, ready,
                    failed);
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException("cannot start the HTTP server on " + settings.httpAccess().host() + ":"
                    + settings.httpPort() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /**
     * Starts the applications side by side. With local state, {@link KafkaStreams#start()} opens every
     * store of every task on the calling thread before it returns (to report task lags to the group):
     * one after the other, a restart would wait for the writer's stores, then the projections'.
     */
    private static CompletableFuture<Void> startTogether(Collection<KafkaStreams> apps) {
        return CompletableFuture.allOf(apps.stream()
                .map(app -> CompletableFuture.runAsync(app::start, runnable -> new Thread(runnable, "start-streams").start()))
                .toArray(CompletableFuture[]::new));
    }

    private static void awaitStarted(CompletableFuture<Void> appsStarted) {
        try {
            appsStarted.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The system's topics and its applications' internal ones (changelogs, repartition topics). */
    private static Predicate<String> systemTopics(RunSettings settings) {
        List<String> prefixes = List.of(settings.topics().prefix(), settings.applicationId() + "-",
                ProjectionsApp.applicationId(settings) + "-");
        return topic -> prefixes.stream().anyMatch(topic::startsWith);
    }

    /** Heap, garbage collection, threads, classes, CPU, uptime and file descriptors, for dashboards and alerts. */
    private static void bindJvmAndProcessMetrics(MeterRegistry registry, Deque<AutoCloseable> started) {
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        started.push(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(registry);
        }
    }

    /** A fresh system starts from its program as version 1; a running one from the versions on loyalty.program. */
    private static ProgramVersions seedOrCheckProgram(RunSettings settings, KafkaConnection operator) {
        Program program = settings.program();
        try {
            ProgramVersions versions = new ProgramVersionsTopic(operator, settings.topics())
                    .seedOrCheck(program, !program.equals(Program.defaults()), Instant.now());
            LOG.info("program version {} is the latest of {} on {}", versions.latest().number(), versions.all().size(),
                    settings.topics().program());
            return versions;
        } catch (IllegalStateException e) {
            throw new BadConfigurationException(e.getMessage());
        }
    }

    private static byte[] programVersions(KafkaStreams writer, RunSettings settings) {
        try {
            return LedgerWriterTopology.programVersions(writer, settings.program()).toJson(Instant.now());
        } catch (InvalidStateStoreException e) {
            throw new ProjectionReader.Unavailable("the ledger writer is not running yet: " + e.getMessage(), e);
        }
    }

    private static void rebuildWriterState(RunSettings settings, KafkaConnection connection) {
        LOG.info("rebuilding the ledger writer's state from {}", settings.topics().ledger());
        try {
            WriterStateRebuild.Result r = new WriterStateRebuild(clientProperties(connection), settings.applicationId(),
                    LedgerWriterApp.options(settings)).run(Instant.now(), n -> LOG.info("{} ledger entries read", n));
            LOG.info("rebuilt {} accounts from {} ledger entries over {} partitions", r.customers(), r.entries(),
                    r.partitions());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot rebuild the writer's state: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rebuilding the writer's state", e);
        }
    }

    private static Properties clientProperties(KafkaConnection connection) {
        Properties p = new Properties();
        p.putAll(connection.clientConfig());
        return p;
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

    /**
     * Completes when the ledger writer and the projections both do their part on this instance
     * ({@link OwnPart}): from then on the instance is ready.
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Completes when the writer or the projections stopped on an error they could not handle. */
    public CompletableFuture<Void> failed() {
        return failed;
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static String startOrJoinKafka(RunSettings settings, Optional<KafkaPrincipals> principals,
                                           Deque<AutoCloseable> started) {
        if (settings.externalBootstrapServers().isPresent()) {
            LOG.info("joining the Kafka cluster at {}", settings.externalBootstrapServers().get());
            return settings.externalBootstrapServers().get();
        }
        LOG.info("starting the embedded Kafka broker on port {}, data in {}", settings.kafkaPort(),
                settings.dataDir().toAbsolutePath());
        Path logDir = settings.dataDir().resolve("kafka");
        EmbeddedKafkaBroker broker = settings.secure()
                ? EmbeddedKafkaBroker.startSecure(logDir, settings.kafkaPort(), principals.orElseThrow().passwordsByUser())
                : EmbeddedKafkaBroker.start(logDir, settings.kafkaPort());
        started.push(broker);
        if (settings.secure()) {
            EmbeddedBrokerAccess.grant(broker, settings, principals.orElseThrow());
        }
        return broker.bootstrapServers();
    }

    /** For {@code POST /events}: an event accepted with 202 is on the broker, written once. */
    private static Map<String, Object> producerConfig(KafkaConnection connection) {
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // While the broker is unreachable, send() waits this long for metadata (one minute by default),
        // so POST /events answers 503 within the publish timeout instead of holding the client.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) PUBLISH_TIMEOUT.dividedBy(2).toMillis());
        return config;
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
