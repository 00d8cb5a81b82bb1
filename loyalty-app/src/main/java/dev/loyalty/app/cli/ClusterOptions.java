package dev.loyalty.app.cli;

import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.core.topic.Topics;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every verb that talks to a running system's Kafka cluster. They resolve as run's
 * settings do: the flag, else the {@code LOYALTY_*} environment variable, else the properties file,
 * else the default; so one file or one set of variables serves every verb. Without bootstrap servers
 * the cluster is the embedded broker of a {@code run} on this machine, at its Kafka port.
 */
public final class ClusterOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to talk to (default: the broker of a run on this machine).")
    String bootstrapServers;

    @Option(names = "--kafka-port", paramLabel = "PORT",
            description = "Without --bootstrap-servers: the port of run's embedded broker on this machine (default 9092).")
    Integer kafkaPort;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of every topic (default loyalty.).")
    String topicPrefix;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the same settings as run's (docs/configuration.md), LOYALTY_CONFIG "
                    + "when not given. LOYALTY_* variables override it, flags override both.")
    Path config;

    @Option(names = "--kafka-principals", paramLabel = "FILE",
            description = "Kafka user names and passwords per role (run --secure writes one under its data directory);"
                    + " this command connects as the role that fits it.")
    Path kafkaPrincipals;

    /** The environment and the properties file, read once per command. */
    public ConfigSources sources() {
        return ConfigSources.load(config, System.getenv());
    }

    /** The cluster, as {@code role}'s principal when a principals file is configured. */
    public KafkaConnection connection(ConfigSources sources, KafkaRole role) {
        KafkaConnection connection = KafkaConnection.resolve(bootstrapServers, kafkaPort, sources);
        return sources.principals(kafkaPrincipals).map(p -> connection.as(role, p)).orElse(connection);
    }

    public Topics topics(ConfigSources sources) {
        return sources.topics(topicPrefix);
    }
}
