package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.loyalty.app.ContractSchemas;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.TopicReader;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the running system writes and answers, against the schemas the project publishes: every topic's
 * records against docs/schemas, after a story in simulated time that produces every kind of entry,
 * result, rejection and signal; and the HTTP answers against the schemas of GET /openapi.json.
 */
class SchemaConformanceTest {

    private static final String CUSTOMER = "c-1";

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void everyRecordAndEveryAnswerMatchesItsPublishedSchema() throws Exception {
        Topics topics = new Topics("schemas.");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaTestCluster cluster = KafkaTestCluster.start()) {
            RunSettings settings = new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT,
                    dataDir, 0, 3, Optional.empty(), topics, Program.defaults(), "loyalty-schemas", Optional.empty(), true,
                    Map.of(), InputLimits.defaults().withSimulatedTime(true), HttpAccess.loopback(),
                    LedgerKeys.parse("k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
            try (LoyaltySystem system = LoyaltySystem.start(settings);
                 KafkaProducer<String, byte[]> producer = cluster.eventProducer()) {
                system.ready().get(60, TimeUnit.SECONDS);
                Schema eventSchema = ContractSchemas.load("event");
                List<String> story = List.of(
                        event("p-1", "purchase", start, "\"orderId\":\"o-1\",\"amount\":\"600.00\",\"currency\":\"USD\","
                                + "\"source\":\"pos-store-12\",\"items\":[{\"sku\":\"espresso-machine\",\"category\":\"home\","
                                + "\"quantity\":1,\"unitPrice\":\"560.00\"},{\"sku\":\"beans\",\"quantity\":2,\"unitPrice\":20}]"),
                        event("r-1", "redemption", start.plusSeconds(60), "\"rewardId\":\"free-coffee\""),
                        event("r-2", "redemption", start.plusSeconds(120), "\"points\":1000000,\"note\":\"charity\""),
                        event("t-1", "return", days(start, 1), "\"orderId\":\"o-1\",\"amount\":200,\"currency\":\"USD\""),
                        event("a-1", "adjustment", days(start, 1), "\"points\":25,\"reason\":\"goodwill\",\"actor\":\"agent-7\""),
                        event("g-1", "engagement", days(start, 1), "\"action\":\"signup\",\"reference\":\"web\""),
                        event("p-2", "purchase", days(start, 15), "\"orderId\":\"o-2\",\"amount\":\"10.00\",\"currency\":\"USD\""),
                        // A year later: the tier drops, the customer lapses, points are about to expire.
                        event("g-2", "engagement", days(start, 340), "\"action\":\"review\""));
                for (String event : story) {
                    assertThat(ContractSchemas.problems(eventSchema, bytes(event))).as(event).isEmpty();
                    send(producer, topics.events(), event.getBytes(StandardCharsets.UTF_8));
                }
                send(producer, topics.events(), bytes("{\"eventId\":"));
                send(producer, topics.events(), new byte[] {'{', (byte) 0xC3, '}'});
                send(producer, topics.events(), bytes(event("x-1", "gift-card-load", start, "\"amount\":\"25.00\"")));
                send(producer, topics.events(), bytes(event("x-2", "purchase", start,
                        "\"orderId\":\"o-9\",\"amount\":\"10.00\",\"currency\":\"EUR\"")));
                send(producer, topics.events(), bytes(event("x-3", "engagement", start,
                        "\"action\":\"signup\",\"filler\":\"" + "x".repeat(70_000) + "\"")));

                List<ConsumerRecord<String, byte[]>> warnings = read(cluster, topics.expiryWarnings(), r -> r.size() >= 1);
                List<ConsumerRecord<String, byte[]>> tierChanges = read(cluster, topics.tierChanges(), r -> r.size() >= 2);
                read(cluster, topics.churnSignals(), r -> r.size() >= 1);
                // Only now, so the warning and the lapse were due before the points expire and the customer returns.
                send(producer, topics.events(), bytes(event("p-3", "purchase", days(start, 400),
                        "\"orderId\":\"o-3\",\"amount\":\"10.00\",\"currency\":\"USD\"")));

                List<ConsumerRecord<String, byte[]>> ledger = read(cluster, topics.ledger(),
                        r -> values(r, "kind").contains("EXPIRED") && values(r, "sourceEventId").contains("p-3"));
                List<ConsumerRecord<String, byte[]>> churn = read(cluster, topics.churnSignals(),
                        r -> values(r, "status").contains("REACTIVATED"));
                List<ConsumerRecord<String, byte[]>> results = read(cluster, topics.redemptionResults(), r -> r.size() >= 2);
                List<ConsumerRecord<String, byte[]>> rejections = read(cluster, topics.rejections(), r -> r.size() >= 6);

                assertThat(values(ledger, "kind")).containsExactlyInAnyOrder("EARNED", "BONUS", "REDEEMED",
                        "CLAWED_BACK", "EXPIRED", "ADJUSTED", "TIER_CHANGED");
                assertThat(values(results, "status")).containsExactlyInAnyOrder("ACCEPTED", "REJECTED");
                assertThat(values(rejections, "reason")).containsExactlyInAnyOrder("INSUFFICIENT_POINTS", "INVALID_JSON",
                        "UNKNOWN_TYPE", "UNSUPPORTED_CURRENCY", "TOO_LARGE");
                assertThat(values(rejections, "payloadEncoding")).containsExactly("base64");
                assertThat(values(rejections, "payloadSha256")).hasSize(1);
                assertThat(values(tierChanges, "direction")).containsExactlyInAnyOrder("UP", "DOWN");
                assertThat(values(churn, "status")).contains("LAPSED", "REACTIVATED");

                assertMatch("ledger-entry", ledger);
                assertMatch("redemption-result", results);
                assertMatch("rejection", rejections);
                assertMatch("tier-change", tierChanges);
                assertMatch("expiry-warning", warnings);
                assertMatch("churn-signal", churn);
                assertHttpAnswersMatch(system.httpPort());
                assertThat(system.failed()).isNotDone();
            }
        }
    }

    private void assertHttpAnswersMatch(int port) throws Exception {
        assertAnswer(port, "GET", "/customers/" + CUSTOMER, 200, "CustomerView");
        HttpResponse<byte[]> ledger = http(port, "GET", "/customers/" + CUSTOMER + "/ledger?limit=1000");
        assertThat(ledger.statusCode()).isEqualTo(200);
        JsonNode entries = Json.read(ledger.body(), JsonNode.class);
        assertThat(entries).isNotEmpty();
        for (JsonNode entry : entries) {
            assertThat(ContractSchemas.problems(ContractSchemas.openApi("LedgerEntry"), Json.write(entry))).as(entry.toString())
                    .isEmpty();
        }
        assertAnswer(port, "GET", "/program/metrics", 200, "ProgramMetrics");
        assertAnswer(port, "GET", "/program/totals", 200, "ProgramTotals");
        assertAnswer(port, "GET", "/health", 200, "Health");
        assertAnswer(port, "GET", "/internal/replay", 200, "ReplayProgress");
        assertAnswer(port, "GET", "/customers/nobody", 404, "Error");
        assertAnswer(port, "GET", "/customers/" + CUSTOMER + "/ledger?limit=0", 400, "Error");
        assertAnswer(port, "DELETE", "/events", 405, "Error");
        assertAnswer(port, "POST", "/events", 202, "Accepted");
    }

    private void assertAnswer(int port, String method, String path, int status, String component) throws Exception {
        HttpResponse<byte[]> answer = http(port, method, path);
        assertThat(answer.statusCode()).as(method + " " + path).isEqualTo(status);
        assertThat(ContractSchemas.problems(ContractSchemas.openApi(component), answer.body()))
                .as(method + " " + path + ": " + new String(answer.body(), StandardCharsets.UTF_8)).isEmpty();
    }

    /** A POST sends one event of another customer, which changes nothing this test looks at. */
    private HttpResponse<byte[]> http(int port, String method, String path) throws Exception {
        byte[] body = method.equals("POST") ? bytes("{\"eventId\":\"h-1\",\"type\":\"engagement\",\"customerId\":\"c-2\","
                + "\"occurredAt\":\"" + Instant.now() + "\",\"action\":\"signup\"}") : new byte[0];
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertMatch(String schemaName, List<ConsumerRecord<String, byte[]>> records) {
        Schema schema = ContractSchemas.load(schemaName);
        assertThat(records).isNotEmpty();
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(ContractSchemas.problems(schema, record.value())).as(schemaName + ": " + TopicReader.text(record))
                    .isEmpty();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(KafkaTestCluster cluster, String topic,
                                                            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(cluster.bootstrapServers(), topic, done);
        assertThat(done.test(records)).as("records of " + topic + ": " + records.stream().map(TopicReader::text).toList())
                .isTrue();
        return records;
    }

    /** The values of one top-level member over the records that have it, such as every {@code kind}. */
    private static Set<String> values(List<ConsumerRecord<String, byte[]>> records, String member) {
        return records.stream().map(r -> Json.read(r.value(), JsonNode.class).path(member))
                .filter(JsonNode::isTextual).map(JsonNode::asText).collect(Collectors.toSet());
    }

    private static String event(String eventId, String type, Instant at, String fields) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"" + type + "\",\"customerId\":\"" + CUSTOMER
                + "\",\"occurredAt\":\"" + at + "\"," + fields + "}";
    }

    private static Instant days(Instant start, int days) {
        return start.plus(Duration.ofDays(days));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, CUSTOMER, value)).get();
    }
}
