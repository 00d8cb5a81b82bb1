package dev.loyalty.app.cli;

import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.BadConfigurationException;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.app.config.Setting;
import dev.loyalty.app.runtime.ClassDataSharing;
import dev.loyalty.app.runtime.LoyaltySystem;
import dev.loyalty.http.HttpAccess;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./loyalty run}: broker (unless joining a cluster), topics, ledger writer and HTTP in one process. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the whole system: ledger writer, projections and HTTP API, with an embedded single-node Kafka broker "
                + "unless --bootstrap-servers names a cluster. Stops cleanly on Ctrl-C or SIGTERM.",
            "",
            "Every option can also be set with a LOYALTY_* environment variable (LOYALTY_HTTP_PORT, ...) "
                + "or in the --config properties file (http.port=8080, ...); a flag wins over the environment, "
                + "which wins over the file. LOYALTY_CONFIG names the file when --config is not given.",
            ""},
        footer = {"", "Exit codes: 1 failed while running, 2 bad configuration; stopped by Ctrl-C or SIGTERM: 130 or 143."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Join this Kafka cluster instead of starting the embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Port of the embedded broker (default 9092).")
    Integer kafkaPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded broker and the local state live (default ./data).")
    Path dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port, 0 for any free port (default 8080).")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the HTTP API listens on (default 127.0.0.1: this machine only; 0.0.0.0: every interface).")
    String httpHost;

    @Option(names = "--http-tokens", paramLabel = "FILE",
            description = "Access tokens file (hashes and roles, made with ./loyalty token new): every request but "
                    + "/health* then needs Authorization: Bearer <token>.")
    Path httpTokens;

    @Option(names = "--http-allow-anonymous",
            description = "Serve on a non-loopback --http-host without access tokens (refused otherwise).")
    boolean httpAllowAnonymous;

    @Option(names = "--http-tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS with the certificate and key in this PKCS12 keystore.")
    Path httpTlsKeystore;

    @Option(names = "--http-tls-keystore-password", paramLabel = "PASSWORD",
            description = "The keystore's password; prefer LOYALTY_HTTP_TLS_KEYSTORE_PASSWORD, which ps does not show.")
    String httpTlsKeystorePassword;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of each topic created (default 6).")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each topic created (default: the cluster's default; 1 when embedded).")
    Integer replicationFactor;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic (default loyalty.).")
    String topicPrefix;

    @Option(names = "--program", paramLabel = "FILE", description = "Program rules as JSON (default: the built-in program).")
    Path program;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with these settings, and with Kafka's own as kafka.<name> (every client) and"
                    + " streams.<name> (Kafka Streams); see docs/configuration.md.")
    Path config;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id of the ledger writer (default loyalty-ledger-writer).")
    String applicationId;

    @Option(names = "--application-server", paramLabel = "HOST:PORT",
            description = "How other instances reach this one's HTTP API, for queries routed between instances"
                    + " (default localhost:<http-port>).")
    String applicationServer;

    @Option(names = "--no-repartition",
            description = "Skip re-keying events by customerId: only when every producer uses the Java partitioner.")
    boolean noRepartition;

    @Option(names = "--simulated-time",
            description = {"Accept future-dated events and let them move the business clock, so `simulate --days`",
                    "can run months of program life in minutes. For simulations and tests only: in production one",
                    "wrong POS clock would expire the points of every customer on its partition."})
    boolean simulatedTime;

    @Option(names = "--max-event-bytes", paramLabel = "BYTES",
            description = "Largest event value judged; larger ones are rejected as TOO_LARGE (default 65536).")
    Integer maxEventBytes;

    @Option(names = "--max-future-skew", paramLabel = "DURATION",
            description = "How far occurredAt may be ahead of the wall clock: 300s, 5m, PT5M (default 5m).")
    String maxFutureSkew;

    @Option(names = "--ledger-key-file", paramLabel = "FILE",
            description = {"Ledger keys, keyId=base64key lines (at least 32 random bytes each): the writer signs each",
                    "entry with the first, the projections check with all. Without: entries carry hashes only."})
    Path ledgerKeyFile;

    @Option(names = "--rebuild-writer-state",
            description = {"Before starting, rebuild the ledger writer's accounts from the ledger: only after its",
                    "local state and changelog topics were lost (refused while the changelogs hold state)."})
    boolean rebuildWriterState;

    @Option(names = "--secure",
            description = "The embedded broker requires SASL (SCRAM-SHA-512, or PLAIN) and allows each principal only"
                    + " its ACLs (docs/security.md). Principals come from --kafka-principals, else from the file"
                    + " <data-dir>/kafka-principals.properties, made with random passwords when missing; kcat settings"
                    + " per role in <data-dir>/kcat.")
    boolean secure;

    @Option(names = "--kafka-principals", paramLabel = "FILE",
            description = "User name and password of each role (publisher, writer, projections, marketing,"
                    + " operator): the writer, the projections, topic creation and POST /events each connect to Kafka"
                    + " as their own principal.")
    Path kafkaPrincipals;

    @Option(names = "--standby-replicas", paramLabel = "N",
            description = "Warm copies of each store kept on other instances, answering queries while one dies or"
                    + " restarts (default 1 with --application-server, else 0).")
    Integer standbyReplicas;

    @Override
    public Integer call() throws InterruptedException {
        RunSettings settings = RunSettings.resolve(flags(), ConfigSources.load(config, System.getenv()));
        if (settings.ledgerKeys().isEmpty()) {
            LOG.info("no ledger key (--ledger-key-file): entries carry their hash chain but no mac");
        } else {
            LOG.info("ledger entries are signed with key {}", settings.ledgerKeys().signingKeyId());
        }
        CompletableFuture<Void> stopRequested = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.complete(null);
            awaitQuietly(stopped);
        }, "loyalty-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LoyaltySystem system = start(settings)) {
            system.ready().thenRun(() -> LOG.info("ready: Kafka bootstrap {}{}, HTTP {}{}", system.bootstrapServers(),
                    system.embeddedBroker() ? " (embedded broker)" : "", httpDescription(settings, system),
                    settings.inputLimits().simulatedTime()
                            ? "; SIMULATED TIME: future-dated events move the business clock (not for production)"
                            : ""))
                    .thenRun(ClassDataSharing::archiveInBackgroundIfAsked);
            CompletableFuture.anyOf(stopRequested, system.failed()).join();
            if (system.failed().isDone()) {
                LOG.error("the ledger writer or the projections stopped on an error; shutting down");
                return 1;
            }
            LOG.info("stopping on request");
            return 0;
        } finally {
            stopped.countDown();
            if (!stopRequested.isDone()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private LoyaltySystem start(RunSettings settings) {
        try {
            return LoyaltySystem.start(settings, rebuildWriterState);
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            throw new BadConfigurationException("the Kafka port " + e.port() + " is already in use: stop what listens "
                    + "there, or give the embedded broker another port with --kafka-port (or LOYALTY_KAFKA_PORT)");
        }
    }

    private Map<Setting, Object> flags() {
        Map<Setting, Object> flags = new EnumMap<>(Setting.class);
        putIfGiven(flags, Setting.BOOTSTRAP_SERVERS, bootstrapServers);
        putIfGiven(flags, Setting.KAFKA_PORT, kafkaPort);
        putIfGiven(flags, Setting.DATA_DIR, dataDir);
        putIfGiven(flags, Setting.HTTP_PORT, httpPort);
        putIfGiven(flags, Setting.PARTITIONS, partitions);
        putIfGiven(flags, Setting.REPLICATION_FACTOR, replicationFactor);
        putIfGiven(flags, Setting.TOPIC_PREFIX, topicPrefix);
        putIfGiven(flags, Setting.PROGRAM, program);
        putIfGiven(flags, Setting.APPLICATION_ID, applicationId);
        putIfGiven(flags, Setting.APPLICATION_SERVER, applicationServer);
        putIfGiven(flags, Setting.REPARTITION, noRepartition ? Boolean.FALSE : null);
        putIfGiven(flags, Setting.SIMULATED_TIME, simulatedTime ? Boolean.TRUE : null);
        putIfGiven(flags, Setting.MAX_EVENT_BYTES, maxEventBytes);
        putIfGiven(flags, Setting.MAX_FUTURE_SKEW, maxFutureSkew);
        putIfGiven(flags, Setting.HTTP_HOST, httpHost);
        putIfGiven(flags, Setting.HTTP_TOKENS, httpTokens);
        putIfGiven(flags, Setting.HTTP_ALLOW_ANONYMOUS, httpAllowAnonymous ? Boolean.TRUE : null);
        putIfGiven(flags, Setting.HTTP_TLS_KEYSTORE, httpTlsKeystore);
        putIfGiven(flags, Setting.HTTP_TLS_KEYSTORE_PASSWORD, httpTlsKeystorePassword);
        putIfGiven(flags, Setting.LEDGER_KEY_FILE, ledgerKeyFile);
        putIfGiven(flags, Setting.SECURE, secure ? Boolean.TRUE : null);
        putIfGiven(flags, Setting.KAFKA_PRINCIPALS, kafkaPrincipals);
        putIfGiven(flags, Setting.STANDBY_REPLICAS, standbyReplicas);
        return flags;
    }

    private static String httpDescription(RunSettings settings, LoyaltySystem system) {
        HttpAccess access = settings.httpAccess();
        return access.scheme() + "://" + access.host() + ":" + system.httpPort()
                + (access.tokens().enabled() ? " (access tokens required)" : " (no access tokens)");
    }

    private static void putIfGiven(Map<Setting, Object> flags, Setting setting, Object value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
