package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.projections.LedgerScript;
import dev.loyalty.projections.ProjectionOptions;
import dev.loyalty.projections.ProjectionsTopology;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The projections and their HTTP API on a real single-node broker in this JVM. */
class ProjectionsIntegrationTest {

    private static final int PARTITIONS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static KafkaClusterTestKit cluster;
    private static KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Program program = Program.defaults();

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        producer.close();
        cluster.close();
    }

    private static Topics createTopics(String prefix) throws Exception {
        Topics topics = new Topics(prefix);
        try (Admin admin = cluster.admin()) {
            List<NewTopic> all = new ArrayList<>();
            for (String name : topics.all()) {
                all.add(new NewTopic(name, PARTITIONS, (short) 1));
            }
            admin.createTopics(all).all().get();
        }
        return topics;
    }

    private static void produce(Topics topics, List<LedgerEntry> entries) throws Exception {
        for (LedgerEntry e : entries) {
            producer.send(new ProducerRecord<>(topics.ledger(), e.customerId(), e.toJson())).get();
        }
    }

    /** A customer id whose ledger partition is the same as {@code other}'s, to move that partition's clock. */
    private static String samePartitionAs(String other) {
        for (int i = 0; ; i++) {
            String candidate = "clock-" + i;
            if (partition(candidate) == partition(other)) {
                return candidate;
            }
        }
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void aStoryWithAnUpgradeAWarningAndALapseIsAnsweredOverHttp() throws Exception {
        Topics topics = createTopics("story.");
        LedgerScript script = new LedgerScript(program);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProjectionOptions options = ProjectionOptions.defaults(program).withTopics(topics)
                .withPunctuationInterval(Duration.ofMillis(500));
        try (ProjectionInstance instance = new ProjectionInstance(cluster.bootstrapServers(), "story-projections",
                options, new KafkaEventPublisher(producer, topics.events(), Duration.ofSeconds(10)))) {
            produce(topics, script.purchase("alice", "o-1", "600.00", now));
            produce(topics, script.redeem("alice", 100, now.plusSeconds(1)));
            String base = instance.baseUrl();

            JsonNode upgraded = awaitJson(base + "/customers/alice", v -> v.get("balance").asLong() == 500);
            assertThat(upgraded.get("tier").asText()).isEqualTo("SILVER");
            assertThat(upgraded.get("status").asText()).isEqualTo("ACTIVE");

            produce(topics, script.purchase(samePartitionAs("alice"), "o-2", "5.00", now.plus(Duration.ofDays(336))));

            JsonNode lapsed = awaitJson(base + "/customers/alice", v -> v.get("status").asText().equals("LAPSED"));
            assertThat(lapsed.get("qualifyingSpend").asText()).isEqualTo("600.00");
            assertThat(lapsed.get("nextExpiry").get("points").asLong()).isEqualTo(500);

            String expiryDay = LocalDate.ofInstant(now.plus(Duration.ofDays(365)), ZoneOffset.UTC).toString();
            assertThat(signalIds(topics.tierChanges(), 1)).containsExactly("alice:tier:2");
            assertThat(signalIds(topics.expiryWarnings(), 1)).containsExactly("alice:expiry-warning:" + expiryDay);
            assertThat(signalIds(topics.churnSignals(), 1)).containsExactly("alice:churn:LAPSED:1");

            HttpResponse<String> ledger = get(base + "/customers/alice/ledger?fromSeq=2&limit=5");
            assertThat(ledger.statusCode()).isEqualTo(200);
            JsonNode entries = Json.MAPPER.readTree(ledger.body());
            assertThat(entries).extracting(e -> e.get("kind").asText()).containsExactly("TIER_CHANGED", "REDEEMED");
            assertThat(get(base + "/customers/bob").statusCode()).isEqualTo(404);

            JsonNode metrics = Json.MAPPER.readTree(get(base + "/program/metrics").body());
            assertThat(metrics.get("members").asLong()).isEqualTo(2);
            assertThat(metrics.get("pointsRedeemed").asLong()).isEqualTo(100);
            assertThat(metrics.get("membersPerTier").get("SILVER").asLong()).isEqualTo(1);

            String event = "{\"eventId\":\"web-1\",\"type\":\"engagement\",\"customerId\":\"alice\","
                    + "\"occurredAt\":\"2026-11-22T10:15:30Z\",\"action\":\"review\"}";
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            List<ConsumerRecord<String, byte[]>> published = consume(topics.events(), 1);
            assertThat(published.get(0).key()).isEqualTo("alice");
            assertThat(new String(published.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(event);
        }
    }

    @Test
    void twoInstancesEachAnswerForCustomersTheOtherHolds() throws Exception {
        Topics topics = createTopics("duo.");
        LedgerScript script = new LedgerScript(program);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            customers.add("c-" + i);
            produce(topics, script.purchase("c-" + i, "o-" + i, (10 + i) + ".00", now));
        }
        ProjectionOptions options = ProjectionOptions.defaults(program).withTopics(topics);
        try (ProjectionInstance a = new ProjectionInstance(cluster.bootstrapServers(), "duo-projections", options,
                events -> { });
             ProjectionInstance b = new ProjectionInstance(cluster.bootstrapServers(), "duo-projections", options,
                     events -> { })) {
            awaitOwnersSpreadOver(a, b, customers);
            for (String c : customers) {
                int balance = 10 + Integer.parseInt(c.substring(2));
                awaitJson(a.baseUrl() + "/customers/" + c, v -> v.get("balance").asLong() == balance);
                JsonNode fromB = awaitJson(b.baseUrl() + "/customers/" + c, v -> v.get("balance").asLong() == balance);
                assertThat(fromB.get("customerId").asText()).isEqualTo(c);
                assertThat(get(b.baseUrl() + "/customers/" + c + "/ledger").body()).contains("\"seq\":1");
            }
            for (ProjectionInstance instance : List.of(a, b)) {
                JsonNode metrics = Json.MAPPER.readTree(get(instance.baseUrl() + "/program/metrics").body());
                assertThat(metrics.get("members").asLong()).isEqualTo(customers.size());
            }
        }
    }

    @Test
    void theHistoryServesTheLedgerRecordsThemselvesAndItsStoreKeepsOnlyWhereTheyAre() throws Exception {
        Topics topics = createTopics("offsets.");
        LedgerScript script = new LedgerScript(program);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String neighbour = samePartitionAs("alice");
        List<byte[]> alice = new ArrayList<>();
        int neighbourEntries = 0;
        for (int i = 0; i < 12; i++) {
            for (LedgerEntry e : script.purchase("alice", "o-" + i, "60.00", now.plusSeconds(i))) {
                byte[] value = e.toJson();
                producer.send(new ProducerRecord<>(topics.ledger(), e.customerId(), value)).get();
                alice.add(value);
            }
            List<LedgerEntry> between = script.purchase(neighbour, "n-" + i, "5.00", now.plusSeconds(i));
            produce(topics, between);
            neighbourEntries += between.size();
        }
        int neighbourSeq = neighbourEntries;
        ProjectionOptions options = ProjectionOptions.defaults(program).withTopics(topics);
        try (ProjectionInstance instance = new ProjectionInstance(cluster.bootstrapServers(), "offsets-projections",
                options, events -> { })) {
            String base = instance.baseUrl();
            awaitJson(base + "/customers/alice", v -> v.get("seq").asLong() == alice.size());
            awaitJson(base + "/customers/" + neighbour, v -> v.get("seq").asLong() == neighbourSeq);
            // Views answer from a restoring copy too; the store below is read as the active, running one.
            awaitRunning(instance.streams);

            assertThat(getBytes(base + "/customers/alice/ledger?limit=1000").body()).isEqualTo(jsonArray(alice));
            assertThat(getBytes(base + "/customers/alice/ledger?fromSeq=3&limit=4").body())
                    .isEqualTo(jsonArray(alice.subList(2, 6)));
            // Where each entry is (an offset: at most 8 bytes), not the entry again (hundreds of bytes).
            ReadOnlyKeyValueStore<Bytes, byte[]> history = instance.streams.store(StoreQueryParameters.fromNameAndType(
                    ProjectionsTopology.HISTORY_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
            try (KeyValueIterator<Bytes, byte[]> all = history.all()) {
                List<byte[]> values = new ArrayList<>();
                all.forEachRemaining(kv -> values.add(kv.value));
                assertThat(values).hasSize(alice.size() + neighbourEntries).allSatisfy(v -> assertThat(v.length).isBetween(1, 8));
            }

            // The ledger no longer holds alice's entries (retention, records deleted): no history rather than a wrong one.
            int partition = partition("alice");
            try (Admin admin = cluster.admin()) {
                TopicPartition ledger = new TopicPartition(topics.ledger(), partition);
                long end = admin.listOffsets(Map.of(ledger, OffsetSpec.latest())).partitionResult(ledger).get().offset();
                admin.deleteRecords(Map.of(ledger, RecordsToDelete.beforeOffset(end))).all().get();
            }
            HttpResponse<String> gone = get(base + "/customers/alice/ledger");
            assertThat(gone.statusCode()).isEqualTo(503);
            assertThat(gone.headers().firstValue("Retry-After")).isPresent();
            assertThat(get(base + "/customers/alice").statusCode()).isEqualTo(200);
        }
    }

    private static byte[] jsonArray(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(elements.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    private HttpResponse<byte[]> getBytes(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Waits until both instances run and each holds some of the customers. */
    private static void awaitOwnersSpreadOver(ProjectionInstance a, ProjectionInstance b, List<String> customers)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Integer> perHost = new HashMap<>();
            for (String c : customers) {
                KeyQueryMetadata md = a.streams.queryMetadataForKey(ProjectionsTopology.CUSTOMERS_STORE, c,
                        Serdes.String().serializer());
                if (!md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                    perHost.merge(md.activeHost().toString(), 1, Integer::sum);
                }
            }
            if (perHost.containsKey(a.host.toString()) && perHost.containsKey(b.host.toString())
                    && a.streams.state().equals(KafkaStreams.State.RUNNING)
                    && b.streams.state().equals(KafkaStreams.State.RUNNING)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the two instances never shared the partitions");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the URL until it answers 200 with JSON the condition accepts. */
    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the projections never ran; state " + streams.state());
            }
            Thread.sleep(100);
        }
    }

    private JsonNode awaitJson(String url, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(url);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode json = Json.MAPPER.readTree(r.body());
                if (condition.test(json)) {
                    return json;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " never answered as expected; last answer: " + last);
    }

    private static List<String> signalIds(String topic, int expected) throws Exception {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consume(topic, expected)) {
            ids.add(Json.MAPPER.readTree(r.value()).get("signalId").asText());
        }
        return ids;
    }

    /** Reads the topic from the start until {@code expected} records came, then a little longer for extras. */
    private static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= expected && extraUntil == Long.MAX_VALUE) {
                    extraUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return records;
    }
}
