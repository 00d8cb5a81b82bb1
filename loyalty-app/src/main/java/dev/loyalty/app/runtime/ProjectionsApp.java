package dev.loyalty.app.runtime;

import dev.loyalty.app.config.RunSettings;
import dev.loyalty.projections.ProjectionListener;
import dev.loyalty.projections.ProjectionOptions;
import dev.loyalty.projections.ProjectionsTopology;
import dev.loyalty.writer.LedgerWriterTopology;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;

/** The projections (views, signals, program totals) as a Kafka Streams application. */
final class ProjectionsApp {

    private ProjectionsApp() {
    }

    /**
     * The projections' application id: the default one next to the default writer, else derived from
     * the writer's, so two deployments on one cluster never share a group.
     */
    static String applicationId(RunSettings settings) {
        return settings.applicationId().equals(LedgerWriterTopology.DEFAULT_APPLICATION_ID)
                ? ProjectionsTopology.DEFAULT_APPLICATION_ID
                : settings.applicationId() + "-projections";
    }

    /** @param self where other instances reach this one's HTTP API, for queries routed between instances */
    static KafkaStreams create(RunSettings settings, String bootstrapServers, HostInfo self, ProjectionListener listener) {
        ProjectionOptions options = ProjectionOptions.defaults(settings.program())
                .withTopics(settings.topics())
                .withListener(listener);
        Properties config = StreamsSettings.common(settings, bootstrapServers, applicationId(settings));
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        config.putAll(ProjectionsTopology.requiredStreamsConfig());
        KafkaStreams streams = new KafkaStreams(ProjectionsTopology.build(options), config);
        streams.setUncaughtExceptionHandler(e -> StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        return streams;
    }
}
