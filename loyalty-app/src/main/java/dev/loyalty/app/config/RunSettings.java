package dev.loyalty.app.config;

import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import dev.loyalty.writer.LedgerWriterTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code ./loyalty run} needs, resolved from flags, environment and properties file.
 *
 * @param externalBootstrapServers the cluster to join; empty to start the embedded broker
 * @param kafkaPort where the embedded broker listens
 * @param httpPort 0 picks any free port
 * @param replicationFactor of the topics created; empty means the cluster's default
 * @param inputLimits bounds on input events, and whether time is simulated
 * @param httpAccess the HTTP API's address, access tokens and TLS
 * @param ledgerKeys the writer signs entries with the first and the projections check them with all; none: hashes only
 * @param secure the embedded broker authenticates clients (SASL/SCRAM) and enforces ACLs
 * @param kafkaPrincipals each role's user name and password; with {@code secure}, generated when missing
 * @param streamsConfig Kafka Streams settings passed through ({@code streams.<name>}) over the system's defaults
 * @param standbyReplicas warm copies of each store kept by other instances, for queries and take-over
 *     when an instance dies
 */
public record RunSettings(Optional<String> externalBootstrapServers, int kafkaPort, Path dataDir, int httpPort,
                          int partitions, Optional<Short> replicationFactor, Topics topics, Program program,
                          String applicationId, Optional<String> applicationServer, boolean repartition,
                          Map<String, String> clientSecurity, InputLimits inputLimits, HttpAccess httpAccess,
                          LedgerKeys ledgerKeys, boolean secure, Optional<Path> kafkaPrincipals,
                          Map<String, String> streamsConfig, int standbyReplicas) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    /** The re-keying hop copies each event: it must stay well under the 1 MiB a broker accepts by default. */
    public static final int MAX_EVENT_BYTES_LIMIT = 900_000;
    /** Most standby copies of a store: one per other instance is the useful most. */
    public static final int MAX_STANDBY_REPLICAS = 10;
    /** Where {@code --secure} keeps the principals it generates, under the data directory. */
    public static final String DEFAULT_PRINCIPALS_FILE = "kafka-principals.properties";

    public RunSettings {
        clientSecurity = Map.copyOf(clientSecurity);
        streamsConfig = Map.copyOf(streamsConfig);
    }

    /**
     * Without Kafka principals, nor Kafka Streams settings of one's own: every client uses the same security
     * settings. One standby copy when {@code applicationServer} says other instances will reach this one.
     */
    public RunSettings(Optional<String> externalBootstrapServers, int kafkaPort, Path dataDir, int httpPort,
                       int partitions, Optional<Short> replicationFactor, Topics topics, Program program,
                       String applicationId, Optional<String> applicationServer, boolean repartition,
                       Map<String, String> clientSecurity, InputLimits inputLimits, HttpAccess httpAccess,
                       LedgerKeys ledgerKeys) {
        this(externalBootstrapServers, kafkaPort, dataDir, httpPort, partitions, replicationFactor, topics, program,
                applicationId, applicationServer, repartition, clientSecurity, inputLimits, httpAccess, ledgerKeys,
                false, Optional.empty(), Map.of(), defaultStandbyReplicas(applicationServer));
    }

    /** {@code flags} holds only the flags given on the command line. */
    public static RunSettings resolve(Map<Setting, Object> flags, ConfigSources sources) {
        Optional<String> bootstrap = value(Setting.BOOTSTRAP_SERVERS, flags, sources).map(Values::bootstrapServers);
        int kafkaPort = value(Setting.KAFKA_PORT, flags, sources).map(v -> Values.port(v, false)).orElse(DEFAULT_KAFKA_PORT);
        Path dataDir = value(Setting.DATA_DIR, flags, sources).map(v -> Path.of(Values.nonBlank(v))).orElse(DEFAULT_DATA_DIR);
        int httpPort = value(Setting.HTTP_PORT, flags, sources).map(v -> Values.port(v, true)).orElse(DEFAULT_HTTP_PORT);
        int partitions = value(Setting.PARTITIONS, flags, sources).map(v -> Values.positive(v, 10_000))
                .orElse(DEFAULT_PARTITIONS);
        Optional<Short> replication = value(Setting.REPLICATION_FACTOR, flags, sources)
                .map(v -> (short) Values.positive(v, Short.MAX_VALUE));
        if (bootstrap.isEmpty() && replication.filter(r -> r > 1).isPresent()) {
            throw new BadConfigurationException("replication factor " + replication.get()
                    + " needs a cluster: the embedded broker is a single node (set --bootstrap-servers)");
        }
        Topics topics = sources.topics((String) flags.get(Setting.TOPIC_PREFIX));
        Program program = sources.program((Path) flags.get(Setting.PROGRAM));
        String applicationId = value(Setting.APPLICATION_ID, flags, sources).map(Values::topicPrefix)
                .filter(id -> !id.isEmpty()).orElse(LedgerWriterTopology.DEFAULT_APPLICATION_ID);
        Optional<String> applicationServer = value(Setting.APPLICATION_SERVER, flags, sources).map(Values::hostPort);
        boolean repartition = value(Setting.REPARTITION, flags, sources).map(Values::bool).orElse(true);
        InputLimits limits = InputLimits.defaults();
        limits = limits.withSimulatedTime(value(Setting.SIMULATED_TIME, flags, sources).map(Values::bool).orElse(false));
        limits = limits.withMaxValueBytes(value(Setting.MAX_EVENT_BYTES, flags, sources)
                .map(v -> Values.positive(v, MAX_EVENT_BYTES_LIMIT)).orElse(limits.maxValueBytes()));
        limits = limits.withMaxFutureSkew(value(Setting.MAX_FUTURE_SKEW, flags, sources).map(Values::duration)
                .orElse(limits.maxFutureSkew()));
        boolean secure = value(Setting.SECURE, flags, sources).map(Values::bool).orElse(false);
        if (secure && bootstrap.isPresent()) {
            throw new BadConfigurationException("--secure secures the embedded broker; to join a secured cluster give"
                    + " its security settings and --kafka-principals instead of --secure");
        }
        Optional<Path> principals = value(Setting.KAFKA_PRINCIPALS, flags, sources).map(v -> Path.of(Values.nonBlank(v)))
                .or(() -> secure ? Optional.of(dataDir.resolve(DEFAULT_PRINCIPALS_FILE)) : Optional.empty());
        // A file to be generated is not there yet; any other is read now, so a mistake in it stops the start.
        principals.filter(file -> !secure || Files.exists(file)).ifPresent(KafkaPrincipals::load);
        int standbyReplicas = value(Setting.STANDBY_REPLICAS, flags, sources)
                .map(v -> Values.nonNegative(v, MAX_STANDBY_REPLICAS)).orElse(defaultStandbyReplicas(applicationServer));
        return new RunSettings(bootstrap, kafkaPort, dataDir, httpPort, partitions, replication, topics, program,
                applicationId, applicationServer, repartition, sources.clientSecurity(), limits,
                HttpAccessSettings.resolve(flags, sources), sources.ledgerKeys((Path) flags.get(Setting.LEDGER_KEY_FILE)),
                secure, principals, sources.streamsConfig(), standbyReplicas);
    }

    /** The same settings with {@code program} as the rules of the projections and the seed of the writer. */
    public RunSettings withProgram(Program program) {
        return new RunSettings(externalBootstrapServers, kafkaPort, dataDir, httpPort, partitions, replicationFactor,
                topics, program, applicationId, applicationServer, repartition, clientSecurity, inputLimits, httpAccess,
                ledgerKeys, secure, kafkaPrincipals, streamsConfig, standbyReplicas);
    }

    /**
     * An instance given the address other instances reach it at is one of several: one standby copy
     * then, so a query finds a copy on another instance while one dies or restarts. A lone instance
     * has nobody to keep a copy.
     */
    private static int defaultStandbyReplicas(Optional<String> applicationServer) {
        return applicationServer.isPresent() ? 1 : 0;
    }

    private static Optional<SettingValue> value(Setting setting, Map<Setting, Object> flags, ConfigSources sources) {
        return sources.lookup(setting, flags.get(setting));
    }
}
