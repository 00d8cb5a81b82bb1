package dev.loyalty.app.broker;

import dev.loyalty.app.FreeLocalPort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running inside this
 * JVM, for {@code ./loyalty run} without an external cluster. Its log lives in {@code logDir}, so a
 * restart on the same directory finds every topic and record again.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final String SUPER_USER = "broker";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The client port is taken by another process. */
    public static final class PortInUseException extends RuntimeException {
        private final int port;

        PortInUseException(int port) {
            super("port " + port + " is already in use");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Optional<Map<String, Object>> superUserConfig;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers,
                                Optional<Map<String, Object>> superUserConfig) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.superUserConfig = superUserConfig;
    }

    /** Formats {@code logDir} when it is new, then starts the broker listening on localhost:{@code port}. */
    public static EmbeddedKafkaBroker start(Path logDir, int port) {
        return start(logDir, port, Optional.empty(), Map.of());
    }

    /**
     * Like {@link #start(Path, int)}, but clients must authenticate on localhost:{@code port} and are
     * allowed only what ACLs grant them ({@code StandardAuthorizer}, nothing without an ACL). They
     * authenticate with SASL/SCRAM-SHA-512 against credentials a super user creates in the cluster, or
     * with SASL/PLAIN as one of {@code plainUsers}: librdkafka before 2.6.1 (the kcat of Debian 12 and
     * Ubuntu 24.04) cannot do SCRAM with a Kafka 4 broker. The broker's own principal, the only super
     * user, uses a second listener and the controller listener with a password made for this start:
     * {@link #superUserConfig()}.
     *
     * @param plainUsers password by user name; none may be named as the super user
     */
    public static EmbeddedKafkaBroker startSecure(Path logDir, int port, Map<String, String> plainUsers) {
        if (plainUsers.containsKey(SUPER_USER)) {
            throw new IllegalArgumentException("user name '" + SUPER_USER + "' is the broker's own, its super user:"
                    + " give the principal another name");
        }
        return start(logDir, port, Optional.of(randomPassword()), plainUsers);
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, Optional<String> superUserPassword,
                                             Map<String, String> plainUsers) {
        requireFree(port);
        createDirectories(logDir);
        // The controller listens on a port nobody else uses; clients never see it.
        int controllerPort = FreeLocalPort.find();
        Properties props = commonProperties(logDir, controllerPort);
        Optional<String> superUserBootstrap = Optional.empty();
        if (superUserPassword.isPresent()) {
            int internalPort = FreeLocalPort.find();
            props.putAll(secureListeners(port, internalPort, controllerPort, superUserPassword.get(), plainUsers));
            superUserBootstrap = Optional.of("localhost:" + internalPort);
        } else {
            props.putAll(plaintextListeners(port, controllerPort));
        }
        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutDown(server);
            throw e;
        }
        Optional<Map<String, Object>> superUser = superUserBootstrap.map(bootstrap -> Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, plainLogin(superUserPassword.get(), Map.of())));
        return new EmbeddedKafkaBroker(server, "localhost:" + port, superUser);
    }

    /** Said before the start, since a broker that cannot bind logs a page of stack traces before it gives up. */
    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("localhost", port));
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Client settings of the broker's own principal ({@code User:broker}), the super user that creates
     * the other principals and their ACLs; present only on a secured broker, valid until it stops.
     */
    public Optional<Map<String, Object>> superUserConfig() {
        return superUserConfig;
    }

    @Override
    public void close() {
        shutDown(server);
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties commonProperties(Path logDir, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: internal topics cannot have more replicas than that, or exactly-once hangs.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the default 50 each: a laptop starts faster and loses nothing.
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a crash the restarted controller keeps the broker's previous registration alive for one
        // broker session, refusing the new one meanwhile: 9 s by default, the largest part of a restart.
        // Broker and controller share this process and its pauses, so only a pause of seconds would expire it.
        p.put("broker.session.timeout.ms", "3000");
        // The refused broker asks again at this interval: every 250 ms rather than every second, it is
        // registered soon after that session ends; and a session then spans twelve heartbeats, not three.
        p.put("broker.heartbeat.interval.ms", "250");
        return p;
    }

    private static Properties plaintextListeners(int port, int controllerPort) {
        Properties p = new Properties();
        p.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        return p;
    }

    /**
     * Clients authenticate on CLIENT with SCRAM, against credentials kept in the cluster metadata, or
     * with PLAIN. The broker talks to itself (INTERNAL) and to its controller with PLAIN and a password
     * that lives only in this process, so nobody else can be the super user.
     */
    private static Properties secureListeners(int port, int internalPort, int controllerPort, String superUserPassword,
                                              Map<String, String> plainUsers) {
        Properties p = new Properties();
        p.put("listeners", "CLIENT://localhost:" + port + ",INTERNAL://localhost:" + internalPort + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://localhost:" + port + ",INTERNAL://localhost:" + internalPort);
        p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,"
                + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "INTERNAL");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN");
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.client.plain.sasl.jaas.config", plainLogin(null, plainUsers));
        String superUserLogin = plainLogin(superUserPassword, Map.of(SUPER_USER, superUserPassword));
        for (String listener : List.of("internal", CONTROLLER_LISTENER.toLowerCase(Locale.ROOT))) {
            p.put("listener.name." + listener + ".sasl.enabled.mechanisms", "PLAIN");
            p.put("listener.name." + listener + ".plain.sasl.jaas.config", superUserLogin);
        }
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + SUPER_USER);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /**
     * @param superUserPassword how the broker logs in as a client; null where it never is one
     * @param accepted the users the broker side accepts, password by name
     */
    private static String plainLogin(String superUserPassword, Map<String, String> accepted) {
        StringBuilder login = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        if (superUserPassword != null) {
            login.append(" username=\"").append(SUPER_USER).append("\" password=\"").append(superUserPassword).append('"');
        }
        accepted.forEach((user, password) -> {
            // A JAAS option name is a bare word: a user name with other characters would not parse.
            if (!user.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("user name '" + user + "' cannot log in with PLAIN on the embedded"
                        + " broker: use letters, digits, '-' and '_' only");
            }
            login.append(" user_").append(user).append("=\"").append(password).append('"');
        });
        return login.append(';').toString();
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Writes meta.properties and the bootstrap metadata once. A directory already formatted is kept as
     * it is; the formatter insists on being given that directory's own cluster id to leave it alone.
     */
    private static void format(Path logDir) {
        String dir = logDir.toAbsolutePath().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(existingClusterId(logDir).orElseGet(() -> Uuid.randomUuid().toString()))
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> existingClusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(meta)) {
            props.load(reader);
        }
        return Optional.ofNullable(props.getProperty("cluster.id"));
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory " + dir, e);
        }
    }
}
