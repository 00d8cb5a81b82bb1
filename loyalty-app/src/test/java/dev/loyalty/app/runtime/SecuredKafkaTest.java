package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.Events;
import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.TopicReader;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.app.config.Setting;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.program.ProgramVersion;
import dev.loyalty.core.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC section 9 on a real broker: {@code run --secure}, whose embedded broker takes SASL/SCRAM,
 * authorizes with StandardAuthorizer and allows nothing without an ACL. Observed only through Kafka
 * clients of each principal and HTTP.
 */
class SecuredKafkaTest {

    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    static Path dataDir;

    private static RunSettings settings;
    private static LoyaltySystem system;
    private static KafkaPrincipals principals;

    @BeforeAll
    static void startSecured() throws Exception {
        Map<Setting, Object> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.SECURE, true);
        flags.put(Setting.KAFKA_PORT, FreeLocalPort.find());
        flags.put(Setting.DATA_DIR, dataDir);
        flags.put(Setting.HTTP_PORT, 0);
        flags.put(Setting.PARTITIONS, 3);
        settings = RunSettings.resolve(flags, ConfigSources.load(null, Map.of()));
        system = LoyaltySystem.start(settings);
        system.ready().get(60, TimeUnit.SECONDS);
        principals = KafkaPrincipals.load(dataDir.resolve(RunSettings.DEFAULT_PRINCIPALS_FILE));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void anEventPublishedAsThePublisherReachesTheLedgerTheViewsAndMarketing() throws Exception {
        publish(KafkaRole.PUBLISHER, TOPICS.events(), "c-1", Events.purchase("p-1", "c-1", "o-1", "620.00"));

        assertThat(ledger(KafkaRole.OPERATOR, "c-1", 2)).extracting(LedgerEntry::kind, LedgerEntry::balanceAfter)
                .containsExactly(tuple(EntryKind.EARNED, 620L), tuple(EntryKind.TIER_CHANGED, 620L));
        JsonNode view = viewOnceCaughtUp("c-1", 2);
        assertThat(view.get("balance").asLong()).isEqualTo(620);
        assertThat(view.get("tier").asText()).isEqualTo("SILVER");
        // The history is read from the ledger itself, as the projections' principal.
        HttpResponse<String> history = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + system.httpPort() + "/customers/c-1/ledger")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(history.body())).extracting(e -> e.get("kind").asText())
                .containsExactly("EARNED", "TIER_CHANGED");
        assertThat(tierChangeSignals(clientConfig(KafkaRole.MARKETING), "loyalty-marketing-crm", "c-1"))
                .extracting(s -> s.get("to").asText()).containsExactly("SILVER");
    }

    @Test
    void readinessSaysUpWhenEachPartConnectsAsItsOwnPrincipal() throws Exception {
        // After a few of the cluster probes that degrade readiness when they get no answer.
        Thread.sleep(KafkaReachability.PROBE_INTERVAL.multipliedBy(2).toMillis());
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + system.httpPort() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ready.body()).get("status").asText()).as(ready.body()).isEqualTo("UP");
    }

    @Test
    void aPublisherMayWriteTheEventsTopicButNotTheLedgerNorCreateOrDeleteTopics() throws Exception {
        publish(KafkaRole.PUBLISHER, TOPICS.events(), "c-2", Events.engagement("e-1", "c-2", "signup"));

        assertThatThrownBy(() -> publish(KafkaRole.PUBLISHER, TOPICS.ledger(), "c-2", forgedEntry("c-2")))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        try (Admin admin = Admin.create(clientConfig(KafkaRole.PUBLISHER))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("loyalty.minted", 1, (short) 1)))
                    .all().get()).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteTopics(List.of(TOPICS.ledger())).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void marketingMayReadTheSignalTopicsOnlyAndInItsOwnGroupsOnly() throws Exception {
        publish(KafkaRole.PUBLISHER, TOPICS.events(), "c-3", Events.purchase("p-1", "c-3", "o-1", "700.00"));
        // PLAIN, as kcat logs in; the signal is read without a group.
        Map<String, Object> plain = new KafkaConnection(system.bootstrapServers(),
                Map.of(SaslConfigs.SASL_MECHANISM, "PLAIN")).as(KafkaRole.MARKETING, principals).clientConfig();
        assertThat(TopicReader.readUntil(plain, TOPICS.tierChanges(), records -> !signalsOf("c-3", records).isEmpty()))
                .extracting(ConsumerRecord::key).contains("c-3");

        for (String topic : List.of(TOPICS.ledger(), TOPICS.events(), TOPICS.redemptionResults(), TOPICS.rejections())) {
            assertThatThrownBy(() -> pollOnce(KafkaRole.MARKETING, "loyalty-marketing-crm", topic))
                    .as(topic).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> pollOnce(KafkaRole.MARKETING, "loyalty-ledger-writer", TOPICS.tierChanges()))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    @Test
    void onlyTheWriterMayWriteTheLedgerAndNoPartOfTheSystemMayCreateOrDeleteTheSystemsTopics() {
        for (KafkaRole role : List.of(KafkaRole.PROJECTIONS, KafkaRole.MARKETING, KafkaRole.OPERATOR)) {
            assertThatThrownBy(() -> publish(role, TOPICS.ledger(), "c-4", forgedEntry("c-4")))
                    .as(role.key()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        for (KafkaRole role : List.of(KafkaRole.WRITER, KafkaRole.PROJECTIONS, KafkaRole.MARKETING)) {
            try (Admin admin = Admin.create(clientConfig(role))) {
                assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("loyalty.minted", 1, (short) 1)))
                        .all().get()).as(role.key()).hasCauseInstanceOf(TopicAuthorizationException.class);
                assertThatThrownBy(() -> admin.deleteTopics(List.of(TOPICS.ledger())).all().get())
                        .as(role.key()).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void onlyTheOperatorMayPublishAProgramVersionAndTheWriterReadsIt() throws Exception {
        Instant from = Instant.now().plusSeconds(2);
        ProgramVersion doubled = new ProgramVersion(2, from, ProgramLoader.parse("double.json", ("""
                {"version":"double","campaigns":[{"id":"double","from":"%s","until":"%s","multiplier":2}]}"""
                .formatted(from, from.plus(Duration.ofDays(1)))).getBytes(StandardCharsets.UTF_8)));
        for (KafkaRole role : List.of(KafkaRole.PUBLISHER, KafkaRole.WRITER, KafkaRole.PROJECTIONS, KafkaRole.MARKETING)) {
            assertThatThrownBy(() -> publish(role, TOPICS.program(), doubled.key(), new String(doubled.toJson(),
                    StandardCharsets.UTF_8))).as(role.key()).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        publish(KafkaRole.OPERATOR, TOPICS.program(), doubled.key(), new String(doubled.toJson(), StandardCharsets.UTF_8));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), from).toMillis() + 100));

        publish(KafkaRole.PUBLISHER, TOPICS.events(), "c-6", Events.purchase("p-1", "c-6", "o-1", "10.00")
                .replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"" + Instant.now() + "\""));
        assertThat(ledger(KafkaRole.OPERATOR, "c-6", 1)).extracting(LedgerEntry::points, LedgerEntry::programVersion)
                .containsExactly(tuple(20L, "2"));
    }

    @Test
    void aRestartKeepsThePrincipalsAndTheSystemGoesOnWithThem() throws Exception {
        Path file = dataDir.resolve(RunSettings.DEFAULT_PRINCIPALS_FILE);
        String before = Files.readString(file);
        system.close();
        system = LoyaltySystem.start(settings);
        system.ready().get(60, TimeUnit.SECONDS);

        assertThat(Files.readString(file)).isEqualTo(before);
        publish(KafkaRole.PUBLISHER, TOPICS.events(), "c-5", Events.purchase("p-1", "c-5", "o-1", "10.00"));
        assertThat(ledger(KafkaRole.OPERATOR, "c-5", 1)).extracting(LedgerEntry::points).containsExactly(10L);
    }

    private static Map<String, Object> clientConfig(KafkaRole role) {
        return new KafkaConnection(system.bootstrapServers(), Map.of()).as(role, principals).clientConfig();
    }

    /** Without idempotence, so a refusal names the topic rather than the producer id. */
    private static void publish(KafkaRole role, String topic, String key, String value)
            throws ExecutionException, InterruptedException {
        Map<String, Object> config = clientConfig(role);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    private static void pollOnce(KafkaRole role, String group, String topic) {
        Map<String, Object> config = clientConfig(role);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
        }
    }

    private static List<LedgerEntry> ledger(KafkaRole role, String customerId, int expected) {
        return TopicReader.readUntil(clientConfig(role), TOPICS.ledger(),
                        records -> records.stream().filter(r -> customerId.equals(r.key())).count() >= expected)
                .stream().filter(r -> customerId.equals(r.key())).map(r -> LedgerEntry.fromJson(r.value())).toList();
    }

    /** Marketing's way: a consumer group of its own, subscribed to a signal topic. */
    private static List<JsonNode> tierChangeSignals(Map<String, Object> clientConfig, String group, String customerId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPICS.tierChanges()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (signalsOf(customerId, records).isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return signalsOf(customerId, records);
    }

    private static List<JsonNode> signalsOf(String customerId, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> customerId.equals(r.key()))
                .map(r -> Json.read(r.value(), JsonNode.class)).toList();
    }

    private static String forgedEntry(String customerId) {
        return "{\"entryId\":\"" + customerId + ":1\",\"customerId\":\"" + customerId
                + "\",\"seq\":1,\"kind\":\"ADJUSTED\",\"points\":1000000,\"balanceAfter\":1000000}";
    }

    private static JsonNode viewOnceCaughtUp(String customerId, long seq) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (true) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + system.httpPort() + "/customers/" + customerId)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 200) {
                JsonNode view = Json.MAPPER.readTree(response.body());
                if (view.path("seq").asLong() >= seq) {
                    return view;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no view of " + customerId + " at seq " + seq + ": " + response.statusCode()
                        + " " + response.body());
            }
            Thread.sleep(100);
        }
    }
}
