package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.Events;
import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance joining one that holds every customer starts with standby copies only, and its
 * readiness does not wait for them: from the moment it says it is ready it answers for every
 * customer what the first instance answers.
 */
class SecondInstanceReadinessTest {

    private static final int CUSTOMERS = 24;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Topics TOPICS = new Topics("second.");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aSecondInstanceAnswersForEveryCustomerFromTheMomentItIsReady() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start();
             KafkaProducer<String, byte[]> producer = cluster.eventProducer()) {
            int portA = FreeLocalPort.find();
            int portB = FreeLocalPort.find();
            try (LoyaltySystem systemA = LoyaltySystem.start(settings(cluster, dir.resolve("a"), portA))) {
                systemA.ready().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                for (int c = 0; c < CUSTOMERS; c++) {
                    String customer = "c-" + c;
                    producer.send(new ProducerRecord<>(TOPICS.events(), customer, Events.purchase("p-" + c, customer,
                            "o-" + c, (c + 1) + ".00").getBytes(StandardCharsets.UTF_8))).get();
                }
                Map<String, JsonNode> fromA = new LinkedHashMap<>();
                for (int c = 0; c < CUSTOMERS; c++) {
                    fromA.put("c-" + c, awaitView(portA, "c-" + c));
                }

                try (LoyaltySystem systemB = LoyaltySystem.start(settings(cluster, dir.resolve("b"), portB))) {
                    systemB.ready().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    assertThat(get(portB, "/health/ready").statusCode()).isEqualTo(200);
                    for (Map.Entry<String, JsonNode> expected : fromA.entrySet()) {
                        HttpResponse<String> answer = get(portB, "/customers/" + expected.getKey());
                        assertThat(answer.statusCode()).as(expected.getKey() + ": " + answer.body()).isEqualTo(200);
                        assertThat(Json.MAPPER.readTree(answer.body())).as(expected.getKey())
                                .isEqualTo(expected.getValue());
                    }
                }
            }
        }
    }

    private JsonNode awaitView(int port, String customer) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            HttpResponse<String> answer = get(port, "/customers/" + customer);
            if (answer.statusCode() == 200) {
                JsonNode view = Json.MAPPER.readTree(answer.body());
                assertThat(view.path("balance").asLong()).as(customer).isPositive();
                return view;
            }
            assertThat(System.nanoTime()).as("no view of " + customer + ": " + answer.body()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static RunSettings settings(KafkaTestCluster cluster, Path dataDir, int httpPort) {
        return new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT, dataDir, httpPort,
                6, Optional.empty(), TOPICS, Program.defaults(), "loyalty-second", Optional.of("localhost:" + httpPort),
                true, Map.of(), InputLimits.defaults(), HttpAccess.loopback(), LedgerKeys.NONE);
    }
}
