package dev.loyalty.app.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** How to reach a Kafka cluster: the bootstrap servers and the security settings every client needs. */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientSecurity) {

    /**
     * No JMX reporter and no push of client metrics to the broker (KIP-714): the system serves its clients'
     * metrics at /metrics, read from the clients themselves. Each of the two is told of every metric a client
     * registers, and a Kafka Streams task registers hundreds as it opens its stores: they took about a third
     * of the stream threads' CPU in a start (docs/runtime.md, seventh round). {@code kafka.metric.reporters}
     * and {@code kafka.enable.metrics.push} bring them back.
     */
    private static final Map<String, Object> QUIET_METRICS = Map.of(
            CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "",
            CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG, false);

    public KafkaConnection {
        clientSecurity = Map.copyOf(clientSecurity);
    }

    /**
     * For verbs that talk to a running system, found as {@code run} finds its broker: the bootstrap
     * servers if configured, else the embedded broker of a {@code run} on this machine at
     * {@code localhost:<kafka port>} (9092 unless configured otherwise).
     */
    public static KafkaConnection resolve(String bootstrapFlag, Integer kafkaPortFlag, ConfigSources sources) {
        String bootstrap = sources.lookup(Setting.BOOTSTRAP_SERVERS, bootstrapFlag)
                .map(Values::bootstrapServers)
                .orElseGet(() -> "localhost:" + sources.lookup(Setting.KAFKA_PORT, kafkaPortFlag)
                        .map(v -> Values.port(v, false)).orElse(RunSettings.DEFAULT_KAFKA_PORT));
        return new KafkaConnection(bootstrap, sources.clientSecurity());
    }

    /** The same cluster, authenticating as {@code role} with its user name and password. */
    public KafkaConnection as(KafkaRole role, KafkaPrincipals principals) {
        return new KafkaConnection(bootstrapServers, principals.clientSecurity(role, clientSecurity));
    }

    /**
     * Settings for a producer, consumer, admin client or Kafka Streams application, to which each adds
     * its own; what the operator passes through ({@code kafka.<name>}) over the defaults below.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(QUIET_METRICS);
        config.putAll(clientSecurity);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
