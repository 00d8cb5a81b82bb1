package dev.loyalty.http;

import dev.loyalty.projections.ProjectionOptions;
import dev.loyalty.projections.CustomerViews;
import dev.loyalty.projections.ProjectionsTopology;
import dev.loyalty.projections.query.LedgerRecordReader;
import dev.loyalty.projections.query.StreamsProjectionReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** One projections application instance with its HTTP API, as the runtime wires them. */
final class ProjectionInstance implements AutoCloseable {

    final KafkaStreams streams;
    final HttpApi api;
    final HostInfo host;
    private final LedgerRecordReader ledger;

    ProjectionInstance(String bootstrap, String applicationId, ProjectionOptions options, EventPublisher publisher) {
        try {
            int port = freePort();
            host = new HostInfo("localhost", port);
            Properties props = ProjectionsTopology.requiredStreamsConfig();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("projections-it").toString());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
            streams = new KafkaStreams(ProjectionsTopology.build(options), props);
            ledger = new LedgerRecordReader(options.topics().ledger(),
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            api = new HttpApi(port, new StreamsProjectionReader(streams, host,
                    new CustomerViews(options.program()), ledger), publisher,
                    () -> streams.state() == KafkaStreams.State.RUNNING ? Optional.empty() : Optional.of("not running"),
                    () -> "");
            streams.start();
            api.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://localhost:" + api.port();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        api.close();
        streams.close(Duration.ofSeconds(10));
        streams.cleanUp();
        ledger.close();
    }
}
