package dev.loyalty.app.config;

import java.util.Locale;

/**
 * A setting that can come from a command-line flag, a {@code LOYALTY_*} environment variable or the
 * properties file, in that order of precedence.
 */
public enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", "--bootstrap-servers"),
    KAFKA_PORT("kafka.port", "--kafka-port"),
    DATA_DIR("data.dir", "--data-dir"),
    HTTP_PORT("http.port", "--http-port"),
    PARTITIONS("partitions", "--partitions"),
    REPLICATION_FACTOR("replication.factor", "--replication-factor"),
    TOPIC_PREFIX("topic.prefix", "--topic-prefix"),
    PROGRAM("program", "--program"),
    APPLICATION_ID("application.id", "--application-id"),
    APPLICATION_SERVER("application.server", "--application-server"),
    REPARTITION("repartition", "--no-repartition"),
    SIMULATED_TIME("simulated.time", "--simulated-time"),
    MAX_EVENT_BYTES("max.event.bytes", "--max-event-bytes"),
    MAX_FUTURE_SKEW("max.future.skew", "--max-future-skew"),
    HTTP_HOST("http.host", "--http-host"),
    HTTP_TOKENS("http.tokens", "--http-tokens"),
    HTTP_ALLOW_ANONYMOUS("http.allow.anonymous", "--http-allow-anonymous"),
    HTTP_TLS_KEYSTORE("http.tls.keystore", "--http-tls-keystore"),
    HTTP_TLS_KEYSTORE_PASSWORD("http.tls.keystore.password", "--http-tls-keystore-password"),
    /** The token the client verbs (replay, verify) send to the HTTP API. */
    HTTP_TOKEN("http.token", "--http-token"),
    LEDGER_KEY_FILE("ledger.key.file", "--ledger-key-file"),
    SECURE("secure", "--secure"),
    KAFKA_PRINCIPALS("kafka.principals", "--kafka-principals"),
    STANDBY_REPLICAS("standby.replicas", "--standby-replicas");

    private final String key;
    private final String flag;

    Setting(String key, String flag) {
        this.key = key;
        this.flag = flag;
    }

    /** The name in the properties file, such as {@code http.port}. */
    public String key() {
        return key;
    }

    public String flag() {
        return flag;
    }

    /** The environment variable, such as {@code LOYALTY_HTTP_PORT}. */
    public String envVar() {
        return "LOYALTY_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static Setting forKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }

    static Setting forEnvVar(String name) {
        for (Setting s : values()) {
            if (s.envVar().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
