package dev.loyalty.app.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka's own settings, passed through under a prefix next to the system's settings: {@code kafka.}
 * for every Kafka client the system creates, {@code streams.} for its Kafka Streams applications. The
 * names are checked against what Kafka knows, so a typo stops the start instead of being ignored; the
 * settings the system decides itself are refused with the reason.
 */
enum KafkaPassThrough {
    /** Every producer, consumer, admin client and Kafka Streams application. */
    CLIENTS("kafka.", "LOYALTY_KAFKA_"),
    /** The ledger writer's and the projections' Kafka Streams settings. */
    STREAMS("streams.", "LOYALTY_STREAMS_");

    /** The client settings each Kafka Streams application passes on under these prefixes. */
    private static final String[] STREAMS_CLIENT_PREFIXES = {StreamsConfig.MAIN_CONSUMER_PREFIX,
        StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
        StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX};

    /** Settings the system decides, with the reason; the name of its own setting where there is one. */
    private static final Map<String, String> CLIENT_OWN = Map.of(
            "bootstrap.servers", "use bootstrap.servers (--bootstrap-servers)");
    private static final Map<String, String> STREAMS_OWN = Map.ofEntries(
            Map.entry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "use bootstrap.servers (--bootstrap-servers)"),
            Map.entry(StreamsConfig.APPLICATION_ID_CONFIG, "use application.id (--application-id)"),
            Map.entry(StreamsConfig.APPLICATION_SERVER_CONFIG, "use application.server (--application-server)"),
            Map.entry(StreamsConfig.STATE_DIR_CONFIG, "use data.dir (--data-dir)"),
            Map.entry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "use replication.factor (--replication-factor)"),
            Map.entry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "the ledger is right only with exactly_once_v2"),
            Map.entry(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, "the topologies choose their formats"),
            Map.entry(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, "the topologies choose their formats"),
            Map.entry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                    "the writer parks events it fails on, the projections skip them"),
            Map.entry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, "the writer parks events it fails on"));

    private static final Set<String> CLIENT_NAMES = clientNames();
    private static final Set<String> STREAMS_NAMES = StreamsConfig.configDef().names();

    private final String filePrefix;
    private final String envPrefix;

    KafkaPassThrough(String filePrefix, String envPrefix) {
        this.filePrefix = filePrefix;
        this.envPrefix = envPrefix;
    }

    String filePrefix() {
        return filePrefix;
    }

    String envPrefix() {
        return envPrefix;
    }

    /** The Kafka setting a properties-file key passes through, if it has this prefix and is not one of ours. */
    Optional<String> fromFileKey(String key) {
        return key.startsWith(filePrefix) && Setting.forKey(key) == null
                ? Optional.of(key.substring(filePrefix.length())) : Optional.empty();
    }

    /**
     * The Kafka setting a variable passes through ({@code LOYALTY_STREAMS_NUM_STREAM_THREADS}:
     * {@code num.stream.threads}), if it has this prefix, is not one of ours and names a setting Kafka knows.
     */
    Optional<String> fromEnvName(String name) {
        if (!name.startsWith(envPrefix) || Setting.forEnvVar(name) != null) {
            return Optional.empty();
        }
        String setting = name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        return problem(setting).isEmpty() ? Optional.of(setting) : Optional.empty();
    }

    /** Why {@code setting} cannot pass through, or empty when it can. */
    Optional<String> problem(String setting) {
        String reason = (this == CLIENTS ? CLIENT_OWN : STREAMS_OWN).get(setting);
        if (reason != null) {
            return Optional.of("set by the system: " + reason);
        }
        return known(setting) ? Optional.empty()
                : Optional.of("not a Kafka " + (this == CLIENTS ? "client" : "Streams") + " setting");
    }

    private boolean known(String setting) {
        if (CLIENT_NAMES.contains(setting)) {
            return true;
        }
        if (this == CLIENTS) {
            return false;
        }
        if (STREAMS_NAMES.contains(setting) || setting.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return true;
        }
        for (String prefix : STREAMS_CLIENT_PREFIXES) {
            if (setting.startsWith(prefix)) {
                String rest = setting.substring(prefix.length());
                return CLIENT_NAMES.contains(rest) || STREAMS_NAMES.contains(rest);
            }
        }
        return false;
    }

    private static Set<String> clientNames() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
