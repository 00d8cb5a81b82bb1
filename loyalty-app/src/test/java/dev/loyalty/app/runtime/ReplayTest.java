package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.Events;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.HttpAccess;
import dev.loyalty.http.Role;
import dev.loyalty.projections.SentSignals;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay} against the running system on a real broker, observed through HTTP, topics and files. */
class ReplayTest {

    private static final List<String> CUSTOMERS = List.of("c-gold", "c-churn", "c-plain");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
    void aReplayServesTheSameViewsWithoutDowntimeSendsNoSignalTwiceAndSurvivesARestart() throws Exception {
        RunSettings settings = settings("replay");
        Map<String, JsonNode> viewsBefore;
        List<String> signalsBefore;
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            publishStory(settings.topics());
            signalsBefore = signalIdsOnceSent(settings.topics());
            viewsBefore = views(system.httpPort());

            assertThat(post(system.httpPort(), "/internal/replay").statusCode()).isEqualTo(202);
            assertThat(post(system.httpPort(), "/internal/replay").statusCode()).isEqualTo(409);
            // Due after the replay started: both generations compute it, marketing must get it once.
            String upgradeDuringReplay = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
            send(settings.topics().events(), "c-new", purchaseAt("n-1", "c-new", "o-n1", "2500.00", upgradeDuringReplay));
            JsonNode done = answeringWhileRebuilding(system.httpPort());
            assertThat(done.path("state").asText()).isEqualTo("DONE");
            assertThat(done.path("generation").asLong()).isEqualTo(1);
            HttpResponse<String> metrics = get(system.httpPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            // The serving generation's Kafka Streams metrics, under the tag that survives a replay.
            assertThat(metrics.body()).containsPattern(
                    "kafka_stream_alive_stream_threads\\{[^}]*app=\"projections\"[^}]*-g1[^}]*\\} 1\\.0")
                    .containsPattern("kafka_stream_alive_stream_threads\\{[^}]*app=\"writer\"[^}]*\\} 1\\.0");

            // Equal once the rebuilt generation's first wall-clock punctuation has declared the same silences.
            assertThat(viewsOnceEqual(system.httpPort(), viewsBefore)).isEqualTo(viewsBefore);
            List<String> signalsAfter = signalIdsUntil(settings.topics(),
                    ids -> ids.stream().anyMatch(id -> id.startsWith("c-new:tier:")));
            assertThat(signalsAfter).doesNotHaveDuplicates();
            assertThat(signalsAfter).filteredOn(id -> id.startsWith("c-new:")).hasSize(1);
            assertThat(signalsAfter).filteredOn(id -> !id.startsWith("c-new:"))
                    .containsExactlyInAnyOrderElementsOf(signalsBefore);
            assertThat(Files.readString(dataDir.resolve("projections-generation")).strip()).isEqualTo("1");
            assertThat(changelogs(ProjectionsApp.applicationId(settings, 0))).isEmpty();
            assertThat(changelogs(ProjectionsApp.applicationId(settings, 1))).isNotEmpty();
        }

        try (LoyaltySystem restarted = LoyaltySystem.start(settings)) {
            restarted.ready().get(60, TimeUnit.SECONDS);
            JsonNode idle = Json.MAPPER.readTree(get(restarted.httpPort(), "/internal/replay").body());
            assertThat(idle.path("state").asText()).isEqualTo("IDLE");
            assertThat(idle.path("generation").asLong()).isEqualTo(1);
            assertThat(viewsOnceEqual(restarted.httpPort(), viewsBefore)).isEqualTo(viewsBefore);
        }
    }

    @Test
    void withResendSignalsTheCommandLineReplaySendsEverySignalAgainWithItsAdminToken() throws Exception {
        String admin = AccessTokens.newToken();
        Path tokens = Files.writeString(dataDir.resolve("http-tokens"),
                AccessTokens.line(admin, EnumSet.of(Role.ADMIN)) + "\n");
        RunSettings settings = settings("resend",
                new HttpAccess("127.0.0.1", AccessTokens.load(tokens), Optional.empty()));
        try (LoyaltySystem system = LoyaltySystem.start(settings)) {
            system.ready().get(60, TimeUnit.SECONDS);
            // An upgrade alone: its signal comes with the entry, without waiting for a punctuation.
            send(settings.topics().events(), "c-gold", Events.purchase("g-1", "c-gold", "o-g1", "2500.00"));
            List<String> signalsBefore = signalIdsUntil(settings.topics(), ids -> !ids.isEmpty());
            assertThat(signalsBefore).hasSize(1);

            String url = "http://localhost:" + system.httpPort();
            StringWriter refused = new StringWriter();
            assertThat(LoyaltyCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(refused, true),
                    "replay", "--http-url", url, "--resend-signals")).isEqualTo(2);
            assertThat(refused.toString()).contains("refused the request (401)", "--http-token");

            StringWriter out = new StringWriter();
            int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "replay", "--http-url", url, "--http-token", admin, "--resend-signals");

            assertThat(exit).isZero();
            assertThat(out.toString()).contains("replay done: generation 1");
            List<String> twice = new ArrayList<>(signalsBefore);
            twice.addAll(signalsBefore);
            assertThat(signalIdsUntil(settings.topics(), ids -> ids.size() >= twice.size()))
                    .containsExactlyInAnyOrderElementsOf(twice);
        }
    }

    private RunSettings settings(String name) {
        return settings(name, HttpAccess.loopback());
    }

    private RunSettings settings(String name, HttpAccess access) {
        String run = name + "-" + RUNS.incrementAndGet();
        return new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT,
                dataDir, 0, 6, Optional.empty(), new Topics(run + "."), Program.defaults(),
                "loyalty-test-" + run, Optional.empty(), true, Map.of(),
                // the stories move time by publishing future-dated events
                InputLimits.defaults().withSimulatedTime(true), access, LedgerKeys.NONE);
    }

    /** A tier upgrade, and a customer who goes quiet, comes back and lapses (backfilled purchases). */
    private static void publishStory(Topics topics) throws Exception {
        send(topics.events(), "c-gold", Events.purchase("g-1", "c-gold", "o-g1", "2500.00"));
        send(topics.events(), "c-plain", Events.purchase("p-1", "c-plain", "o-p1", "12.00"));
        send(topics.events(), "c-plain", Events.engagement("p-2", "c-plain", "signup"));
        String[] days = {"2026-03-01", "2026-03-08", "2026-03-15", "2026-05-01"};
        for (int i = 0; i < days.length; i++) {
            send(topics.events(), "c-churn", purchaseAt("ch-" + i, "c-churn", "o-ch" + i, "20.00",
                    days[i] + "T10:00:00Z"));
        }
    }

    private static String purchaseAt(String eventId, String customerId, String orderId, String amount,
                                     String occurredAt) {
        return Events.purchase(eventId, customerId, orderId, amount).replaceFirst(
                "\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"" + occurredAt + "\"");
    }

    private static void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** The signal ids once the upgrade and the lapse (due by the wall clock) have been sent. */
    private static List<String> signalIdsOnceSent(Topics topics) {
        List<String> ids = signalIdsUntil(topics, sent -> sent.stream().anyMatch(id -> id.startsWith("c-gold:tier:"))
                && sent.stream().anyMatch(id -> id.startsWith("c-churn:churn:LAPSED:")));
        assertThat(ids).anyMatch(id -> id.startsWith("c-churn:churn:LAPSED:"));
        return ids;
    }

    private static List<String> signalIdsUntil(Topics topics, Predicate<List<String>> done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<String> ids = signalIds(topics);
        while (!done.test(ids) && System.nanoTime() < deadline) {
            sleep(500);
            ids = signalIds(topics);
        }
        return ids;
    }

    /** Every signal id committed on the three signal topics, repeats included. */
    private static List<String> signalIds(Topics topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return SentSignals.readAll(config, topics);
    }

    /** Polls the replay's progress until it ends, asking for a view and the health at every turn. */
    private static JsonNode answeringWhileRebuilding(int port) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode progress = Json.MAPPER.readTree(get(port, "/internal/replay").body());
            if (!progress.path("state").asText().equals("RUNNING") || System.nanoTime() > deadline) {
                return progress;
            }
            assertThat(get(port, "/customers/c-gold").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            sleep(100);
        }
    }

    private static Map<String, JsonNode> views(int port) throws Exception {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String customer : CUSTOMERS) {
            HttpResponse<String> answer = get(port, "/customers/" + customer);
            views.put(customer, answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()) : null);
        }
        return views;
    }

    private static Map<String, JsonNode> viewsOnceEqual(int port, Map<String, JsonNode> expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, JsonNode> views = views(port);
        while (!views.equals(expected) && System.nanoTime() < deadline) {
            sleep(500);
            views = views(port);
        }
        return views;
    }

    private static List<String> changelogs(String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            return names.stream().filter(n -> n.startsWith(applicationId + "-projection-")).toList();
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
