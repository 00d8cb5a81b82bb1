package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code POST /events} while no broker answers: a 503 the publisher can retry after, not a hang. */
class BrokerOutageTest {

    @Test
    void eventsThatNoBrokerTakesAre503WithRetryAfter() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500), new StringSerializer(), new ByteArraySerializer())) {
            HttpApi api = new HttpApi(0, new OneCustomerReader(), new KafkaEventPublisher(producer, "events",
                    Duration.ofSeconds(1)), Readiness.READY, () -> "");
            api.start();
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + api.port() + "/events"))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"e-1\",\"customerId\":\"c-1\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                JsonNode body = Json.MAPPER.readTree(r.body());
                assertThat(body.get("error").asText()).isEqualTo("unavailable");
                assertThat(body.get("reason").asText()).startsWith("the events could not be published");
            } finally {
                api.close();
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
