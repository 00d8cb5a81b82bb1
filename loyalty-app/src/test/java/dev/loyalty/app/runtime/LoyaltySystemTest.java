package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.Events;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.TopicReader;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running system on a real broker, observed only through topics and HTTP. */
class LoyaltySystemTest {

    private static final int PARTITIONS = 6;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static KafkaTestCluster cluster;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestCluster.start();
        producer = cluster.eventProducer();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        producer.close();
        cluster.close();
    }

    @Test
    void writesLedgerEntriesRedemptionResultsAndRejectionsForPublishedEvents() throws Exception {
        RunSettings settings = settings("story");
        Topics topics = settings.topics();
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            send(topics.events(), "c-1", Events.purchase("p-1", "c-1", "o-1", "42.50"));
            send(topics.events(), "c-1", Events.rewardRedemption("r-1", "c-1", "free-coffee"));
            send(topics.events(), "c-1", Events.engagement("g-1", "c-1", "signup"));
            send(topics.events(), "c-1", Events.rewardRedemption("r-2", "c-1", "free-coffee"));
            send(topics.events(), "c-1", "{\"eventId\":");

            List<LedgerEntry> ledger = ledger(topics, "c-1", 3);
            assertThat(ledger).extracting(LedgerEntry::entryId, LedgerEntry::seq, LedgerEntry::kind, LedgerEntry::points,
                            LedgerEntry::balanceAfter, LedgerEntry::sourceEventId)
                    .containsExactly(
                            tuple("c-1:1", 1L, EntryKind.EARNED, 42L, 42L, "p-1"),
                            tuple("c-1:2", 2L, EntryKind.BONUS, 50L, 92L, "g-1"),
                            tuple("c-1:3", 3L, EntryKind.REDEEMED, -50L, 42L, "r-2"));

            List<RedemptionResult> results = TopicReader.readUntil(cluster.bootstrapServers(), topics.redemptionResults(),
                    records -> records.size() >= 2).stream().map(r -> RedemptionResult.fromJson(r.value())).toList();
            assertThat(results).containsExactly(
                    new RedemptionResult("r-1", "c-1", RedemptionResult.REJECTED, 50, 42, null, "INSUFFICIENT_POINTS"),
                    new RedemptionResult("r-2", "c-1", RedemptionResult.ACCEPTED, 50, 42, "c-1:3", null));

            List<JsonNode> rejections = TopicReader.readUntil(cluster.bootstrapServers(), topics.rejections(),
                    records -> records.size() >= 2).stream().map(r -> Json.read(r.value(), JsonNode.class)).toList();
            assertThat(rejections).extracting(r -> text(r, "reason"), r -> text(r, "eventId"), r -> text(r, "topic"),
                            r -> text(r, "payload"))
                    .containsExactlyInAnyOrder(
                            tuple("INSUFFICIENT_POINTS", "r-1", topics.events(), Events.rewardRedemption("r-1", "c-1", "free-coffee")),
                            tuple("INVALID_JSON", null, topics.events(), "{\"eventId\":"));

            HttpResponse<String> health = get(system.httpPort(), "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            JsonNode view = customerViewOnceCaughtUp(system.httpPort(), "c-1", 3);
            assertThat(view.get("balance").asLong()).isEqualTo(42);
            assertThat(view.get("tier").asText()).isEqualTo("MEMBER");
            assertThat(get(system.httpPort(), "/customers/nobody").statusCode()).isEqualTo(404);
            assertThat(get(system.httpPort(), "/metrics").body())
                    .contains("loyalty_events_applied_total{type=\"purchase\"} 1.0")
                    .contains("loyalty_events_rejected_total{reason=\"INSUFFICIENT_POINTS\"} 1.0")
                    .contains("kafka_stream")
                    .contains("loyalty_program_points_outstanding 42.0")
                    .contains("loyalty_program_members_per_tier{tier=\"MEMBER\"} 1.0");
            String exported = get(system.httpPort(), "/metrics").body();
            assertThat(metricsNamedBy(Path.of("..", "docs", "grafana", "loyalty-dashboard.json")))
                    .as("every metric the Grafana dashboard plots is exported").isNotEmpty()
                    .allSatisfy(name -> assertThat(exported).containsPattern("(?m)^" + name + "[{ ]"));
        }
    }

    @Test
    void liveFromTheStartAndReadyOnlyOnceQueriesAreAnswered() throws Exception {
        try (LoyaltySystem system = LoyaltySystem.start(settings("ready"))) {
            int port = system.httpPort();
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            int notReadyAnswers = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            HttpResponse<String> ready = get(port, "/health/ready");
            while (ready.statusCode() != 200) {
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode body = Json.MAPPER.readTree(ready.body());
                assertThat(body.get("status").asText()).isEqualTo("DOWN");
                assertThat(body.get("reason").asText()).startsWith("starting:");
                assertThat(get(port, "/health").statusCode()).isIn(200, 503);
                assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
                notReadyAnswers++;
                Thread.sleep(20);
                ready = get(port, "/health/ready");
            }
            assertThat(notReadyAnswers).as("not ready while the applications start").isPositive();
            assertThat(get(port, "/customers/nobody").statusCode()).isEqualTo(404);
            assertThat(get(port, "/customers/nobody/ledger").statusCode()).isEqualTo(404);
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRestartLosesNothingAppliesNothingTwiceAndContinuesTheSequence() throws Exception {
        RunSettings settings = settings("restart");
        Topics topics = settings.topics();
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            send(topics.events(), "c-2", Events.purchase("p-1", "c-2", "o-1", "10.00"));
            send(topics.events(), "c-2", Events.purchase("p-2", "c-2", "o-2", "20.00"));
            send(topics.events(), "c-2", Events.purchase("p-3", "c-2", "o-3", "30.00"));
            assertThat(ledger(topics, "c-2", 3)).hasSize(3);
        }
        // Closed cleanly: both applications keep their local state for the next start.
        assertThat(dataDir.resolve("streams").resolve(settings.applicationId()).resolve(LocalState.CLOSED_MARK)).exists();
        assertThat(dataDir.resolve("streams").resolve(ProjectionsApp.applicationId(settings)).resolve(LocalState.CLOSED_MARK))
                .exists();

        send(topics.events(), "c-2", Events.purchase("p-2", "c-2", "o-2", "20.00"));
        send(topics.events(), "c-2", Events.purchase("p-4", "c-2", "o-4", "40.00"));
        send(topics.events(), "c-2", Events.purchase("p-5", "c-2", "o-5", "50.00"));
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            List<LedgerEntry> ledger = ledgerUntilSourceEvent(topics, "c-2", "p-5");
            assertThat(ledger).extracting(LedgerEntry::seq, LedgerEntry::sourceEventId, LedgerEntry::balanceAfter)
                    .containsExactly(
                            tuple(1L, "p-1", 10L), tuple(2L, "p-2", 30L), tuple(3L, "p-3", 60L),
                            tuple(4L, "p-4", 100L), tuple(5L, "p-5", 150L));
            assertThat(get(system.httpPort(), "/metrics").body()).contains("loyalty_events_duplicate_total 1.0");
        }
    }

    @Test
    void aWriterThatLostItsStateAndChangelogsIsRebuiltFromTheLedgerAndContinues() throws Exception {
        RunSettings settings = settings("rebuild");
        Topics topics = settings.topics();
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            send(topics.events(), "c-3", Events.purchase("p-1", "c-3", "o-1", "10.00"));
            send(topics.events(), "c-3", Events.purchase("p-2", "c-3", "o-2", "20.00"));
            assertThat(ledger(topics, "c-3", 2)).hasSize(2);
        }
        loseWriterState(settings);

        send(topics.events(), "c-3", Events.purchase("p-2", "c-3", "o-2", "20.00"));
        send(topics.events(), "c-3", Events.purchase("p-3", "c-3", "o-3", "30.00"));
        try (LoyaltySystem system = LoyaltySystem.start(settings, true)) {
            List<LedgerEntry> ledger = ledgerUntilSourceEvent(topics, "c-3", "p-3");
            assertThat(ledger).extracting(LedgerEntry::seq, LedgerEntry::sourceEventId, LedgerEntry::balanceAfter)
                    .containsExactly(tuple(1L, "p-1", 10L), tuple(2L, "p-2", 30L), tuple(3L, "p-3", 60L));
        }
    }

    /** Deletes the writer's local stores and its changelog topics, as a lost disk and a careless cleanup would. */
    private void loseWriterState(RunSettings settings) throws Exception {
        Path local = dataDir.resolve("streams").resolve(settings.applicationId());
        try (var files = Files.walk(local)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(settings.applicationId() + "-writer-") && n.endsWith("-changelog")).toList();
            assertThat(changelogs).hasSize(3);
            admin.deleteTopics(changelogs).all().get();
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.listTopics().names().get().stream().anyMatch(changelogs::contains)) {
                assertThat(System.currentTimeMillis()).as("changelog topics deleted").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void oneWriterAppliesACustomersEventsInOrderWhateverPartitionerTheProducersUse() throws Exception {
        RunSettings settings = settings("partitioners");
        Topics topics = settings.topics();
        String customer = customerWhosePartitionsDiffer();
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            for (int i = 1; i <= 4; i++) {
                String eventId = "p-" + i;
                byte[] event = Events.purchase(eventId, customer, "o-" + i, i + "0.00").getBytes(StandardCharsets.UTF_8);
                // Odd events as a Java client sends them (murmur2), even ones as librdkafka would (CRC32).
                Integer partition = i % 2 == 1 ? null : crc32Partition(customer);
                RecordMetadata sent = producer.send(new ProducerRecord<>(topics.events(), partition, customer, event)).get();
                assertThat(sent.partition()).isEqualTo(i % 2 == 1 ? murmur2Partition(customer) : crc32Partition(customer));
                ledgerUntilSourceEvent(topics, customer, eventId);
            }
            List<LedgerEntry> ledger = ledgerUntilSourceEvent(topics, customer, "p-4");
            assertThat(ledger).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(ledger).extracting(LedgerEntry::sourceEventId).containsExactly("p-1", "p-2", "p-3", "p-4");
            long balance = 0;
            for (LedgerEntry entry : ledger) {
                balance += entry.points();
                assertThat(entry.balanceAfter()).isEqualTo(balance);
            }
            assertThat(balance).isEqualTo(100);
            // Only the events off their customer's partition took the re-keying hop.
            List<String> rekeyed = TopicReader.readUntil(cluster.bootstrapServers(),
                            settings.applicationId() + "-events-by-customer-repartition", records -> records.size() >= 2)
                    .stream().map(TopicReader::text).toList();
            assertThat(rekeyed).hasSize(2);
            assertThat(rekeyed.get(0)).contains("\"p-2\"");
            assertThat(rekeyed.get(1)).contains("\"p-4\"");
        }
    }

    @Test
    void aSecondInstanceIsRefusedTheDataDirectoryInUse() throws Exception {
        RunSettings settings = settings("locked");
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            assertThatThrownBy(() -> LoyaltySystem.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another running instance");
        }
    }

    @Test
    void aLedgerEntryForgedByAPlainProducerIsNotShownAndIsCounted() throws Exception {
        RunSettings settings = settings("forged", LedgerKeys.parse("k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        Topics topics = settings.topics();
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            send(topics.events(), "c-1", Events.purchase("p-1", "c-1", "o-1", "42.50"));
            customerViewOnceCaughtUp(system.httpPort(), "c-1", 1);
            // The chain computed as the writer would (anyone can), but no mac: nobody else has the key.
            Decider keyless = new Decider(Program.defaults());
            java.time.Instant now = java.time.Instant.now();
            LedgerEntry forged = keyless.decide(keyless.newAccount("c-9", Instant.EPOCH),
                    new Adjustment("f-1", "c-9", now, null, 1_000_000, "forged", null), now, now).entries().get(0);

            send(topics.ledger(), "c-9", new String(forged.toJson(), StandardCharsets.UTF_8));

            assertThat(ledger(topics, "c-1", 1).get(0).mac().keyId()).isEqualTo("k1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            while (!get(system.httpPort(), "/metrics").body().contains("loyalty_projection_entries_tampered_total 1.0")) {
                assertThat(System.nanoTime()).as("tampered entry counted in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            assertThat(get(system.httpPort(), "/customers/c-9").statusCode()).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(get(system.httpPort(), "/program/metrics").body()).get("pointsIssued").asLong())
                    .isEqualTo(42);
        }
    }

    private RunSettings settings(String name) {
        return settings(name, LedgerKeys.NONE);
    }

    private RunSettings settings(String name, LedgerKeys keys) {
        String run = name + "-" + RUNS.incrementAndGet();
        return new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT,
                dataDir, 0, PARTITIONS, Optional.empty(), new Topics(run + "."), Program.defaults(),
                "loyalty-test-" + run, Optional.empty(), true, Map.of(),
                // the stories move time by publishing future-dated events
                InputLimits.defaults().withSimulatedTime(true), HttpAccess.loopback(), keys);
    }

    private static void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static List<LedgerEntry> ledger(Topics topics, String customerId, int expected) {
        return entriesOf(customerId, TopicReader.readUntil(cluster.bootstrapServers(), topics.ledger(),
                records -> entriesOf(customerId, records).size() >= expected));
    }

    private static List<LedgerEntry> ledgerUntilSourceEvent(Topics topics, String customerId, String eventId) {
        return entriesOf(customerId, TopicReader.readUntil(cluster.bootstrapServers(), topics.ledger(),
                records -> entriesOf(customerId, records).stream().anyMatch(e -> eventId.equals(e.sourceEventId()))));
    }

    private static List<LedgerEntry> entriesOf(String customerId, List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> customerId.equals(r.key())).map(r -> LedgerEntry.fromJson(r.value())).toList();
    }

    /** A customer id that the Java and the librdkafka default partitioners put on different partitions. */
    private static String customerWhosePartitionsDiffer() {
        for (int i = 0; ; i++) {
            String candidate = "c-" + i;
            if (murmur2Partition(candidate) != crc32Partition(candidate)) {
                return candidate;
            }
        }
    }

    private static int murmur2Partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    /** The customer's view from the HTTP API, once the projections have applied {@code seq} entries. */
    private static JsonNode customerViewOnceCaughtUp(int port, String customerId, long seq) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (true) {
            HttpResponse<String> response = get(port, "/customers/" + customerId);
            if (response.statusCode() == 200) {
                JsonNode view = Json.MAPPER.readTree(response.body());
                if (view.path("seq").asLong() >= seq || System.nanoTime() > deadline) {
                    return view;
                }
            } else if (System.nanoTime() > deadline) {
                throw new AssertionError("no view of " + customerId + ": " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(100);
        }
    }

    /** The metric names a dashboard's queries use. */
    private static Set<String> metricsNamedBy(Path dashboard) throws IOException {
        Matcher m = Pattern.compile("\\b(?:loyalty|kafka_stream|jvm|process)_[a-z_]+").matcher(Files.readString(dashboard));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
