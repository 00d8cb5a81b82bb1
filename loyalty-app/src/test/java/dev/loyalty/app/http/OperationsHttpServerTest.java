package dev.loyalty.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperationsHttpServerTest {

    @TempDir
    Path stateDir;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthIs503WhileTheStreamsApplicationIsNotRunning() throws Exception {
        try (KafkaStreams notStarted = notStartedStreams();
             OperationsHttpServer server = OperationsHttpServer.start(0, Map.of("loyalty-ledger-writer", notStarted),
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpResponse<String> health = send(server, "GET", "/health");

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\",\"streams\":{\"loyalty-ledger-writer\":\"CREATED\"}}");
        }
    }

    @Test
    void metricsAreInThePrometheusTextFormat() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("loyalty.events.duplicate").register(registry).increment(2);
        try (KafkaStreams notStarted = notStartedStreams();
             OperationsHttpServer server = OperationsHttpServer.start(0, Map.of("w", notStarted), registry)) {
            HttpResponse<String> metrics = send(server, "GET", "/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("loyalty_events_duplicate_total 2.0");
            assertThat(send(server, "POST", "/metrics").statusCode()).isEqualTo(405);
        }
    }

    private KafkaStreams notStartedStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "health-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new KafkaStreams(builder.build(), props);
    }

    private HttpResponse<String> send(OperationsHttpServer server, String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
