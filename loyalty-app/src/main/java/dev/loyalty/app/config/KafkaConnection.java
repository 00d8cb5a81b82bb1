package dev.loyalty.app.config;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** How to reach a Kafka cluster: the bootstrap servers and the security settings every client needs. */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientSecurity) {

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

    /** Settings for a producer, consumer or admin client, to which each adds its own. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientSecurity);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }
}
