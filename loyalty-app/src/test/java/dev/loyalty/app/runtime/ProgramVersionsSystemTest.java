package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.config.BadConfigurationException;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A double-points version published with {@code program publish} while two instances run: events dated from
 * its effectiveFrom earn double on both, a backfilled event dated before keeps the old rules; a restart keeps
 * the version, a replay gives the same views and {@code verify} passes.
 */
class ProgramVersionsSystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Topics TOPICS = new Topics("versions.");
    private static final List<String> AFTER = List.of("after-1", "after-2", "after-3", "after-4");
    private static final List<String> BEFORE = List.of("before-1", "before-2", "before-3", "before-4");

    private static KafkaTestCluster cluster;
    private static KafkaProducer<String, byte[]> producer;

    @TempDir
    Path dir;

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
    void aVersionPublishedWhileTwoInstancesRunJudgesTheEventsDatedFromItsEffectiveFrom() throws Exception {
        int portA = FreeLocalPort.find();
        int portB = FreeLocalPort.find();
        RunSettings a = settings(dir.resolve("a"), portA, Program.defaults());
        Map<String, JsonNode> views;
        try (LoyaltySystem systemA = LoyaltySystem.start(a);
             LoyaltySystem systemB = LoyaltySystem.start(settings(dir.resolve("b"), portB, Program.defaults()))) {
            systemA.ready().get(60, TimeUnit.SECONDS);
            systemB.ready().get(60, TimeUnit.SECONDS);
            assertThat(program(portA).path("versions")).hasSize(1);
            // Far enough ahead for both instances to read the version first, on a loaded machine.
            Instant switchAt = Instant.now().plusSeconds(10).truncatedTo(ChronoUnit.SECONDS);
            Path doubleFile = Files.writeString(dir.resolve("double.json"), """
                    {"version":"double-weekend","campaigns":[{"id":"double","from":"%s","until":"%s","multiplier":2}]}"""
                    .formatted(switchAt, switchAt.plus(Duration.ofDays(2))));

            Cli invalid = cli("program", "publish", Files.writeString(dir.resolve("bad.json"),
                    "{\"version\":\"\",\"lapseDays\":0}").toString());
            assertThat(invalid.exit()).isEqualTo(2);
            assertThat(invalid.err()).contains("version: required").contains("lapseDays: must be positive");
            Cli published = cli("program", "publish", doubleFile.toString(), "--effective-from", switchAt.toString());
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.out()).contains("published program version 2");
            assertThat(cli("program", "list").out()).contains("1\t").contains("\tdefault-1\t(in force)")
                    .contains("2\t" + switchAt + "\tdouble-weekend");
            JsonNode shown = Json.MAPPER.readTree(cli("program", "show", "2").out());
            assertThat(shown.path("number").asInt()).isEqualTo(2);
            assertThat(shown.path("program").path("campaigns").get(0).path("id").asText()).isEqualTo("double");
            assertThat(cli("program", "show", "9").exit()).isEqualTo(1);

            for (int port : List.of(portA, portB)) {
                assertThat(until(() -> program(port), p -> p.path("versions").size() == 2)
                        .path("versions").get(1).path("effectiveFrom").asText()).isEqualTo(switchAt.toString());
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), switchAt).toMillis() + 200));
            for (String customer : AFTER) {
                send(customer, purchase(customer + "-p", customer, Instant.now(), "10.00"));
            }
            for (String customer : BEFORE) {
                send(customer, purchase(customer + "-p", customer, switchAt.minusSeconds(1), "10.00"));
            }
            for (String customer : AFTER) {
                assertThat(balanceOnce(portB, customer)).as(customer).isEqualTo(20);
            }
            for (String customer : BEFORE) {
                assertThat(balanceOnce(portA, customer)).as(customer).isEqualTo(10);
            }
            assertThat(lastEntry(portA, AFTER.get(0)).path("programVersion").asText()).isEqualTo("2");
            assertThat(lastEntry(portB, BEFORE.get(0)).path("programVersion").asText()).isEqualTo("1");
            views = views(portA);

            Cli verify = cli("verify", "--views-url", "http://localhost:" + portA);
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        }

        try (LoyaltySystem restarted = LoyaltySystem.start(a)) {
            restarted.ready().get(60, TimeUnit.SECONDS);
            assertThat(program(portA).path("inForce").asInt()).isEqualTo(2);
            send("after-5", purchase("after-5-p", "after-5", Instant.now(), "10.00"));
            assertThat(balanceOnce(portA, "after-5")).isEqualTo(20);

            HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + portA
                    + "/internal/replay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).isEqualTo(202);
            until(() -> get(portA, "/internal/replay"), p -> p.path("state").asText().equals("DONE"));
            assertThat(until(() -> Json.MAPPER.valueToTree(views(portA)), v -> v.equals(Json.MAPPER.valueToTree(views))))
                    .isEqualTo(Json.MAPPER.valueToTree(views));
        }

        Program other = ProgramLoader.parse("other.json", "{\"version\":\"other\",\"lapseDays\":90}"
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> LoyaltySystem.start(settings(dir.resolve("c"), FreeLocalPort.find(), other)))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("the --program file differs from every version on versions.program");
    }

    private static RunSettings settings(Path dataDir, int httpPort, Program program) {
        return new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT, dataDir, httpPort,
                4, Optional.empty(), TOPICS, program, "loyalty-versions", Optional.of("localhost:" + httpPort), true,
                Map.of(), InputLimits.defaults(), HttpAccess.loopback(), LedgerKeys.NONE);
    }

    private record Cli(int exit, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix",
            TOPICS.prefix()}, 0, all, args.length, 4);
        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Cli(exit, out.toString(), err.toString());
    }

    private static String purchase(String eventId, String customerId, Instant at, String amount) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customerId
                + "\",\"occurredAt\":\"" + at + "\",\"orderId\":\"o-" + eventId + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"USD\"}";
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.events(), key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static JsonNode program(int port) throws Exception {
        return get(port, "/program");
    }

    private static long balanceOnce(int port, String customer) throws Exception {
        return until(() -> get(port, "/customers/" + customer), v -> v.has("balance")).path("balance").asLong();
    }

    private static JsonNode lastEntry(int port, String customer) throws Exception {
        JsonNode ledger = get(port, "/customers/" + customer + "/ledger");
        JsonNode entries = ledger.has("entries") ? ledger.path("entries") : ledger;
        return entries.get(entries.size() - 1);
    }

    private static Map<String, JsonNode> views(int port) throws Exception {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String customer : List.of(AFTER.get(0), BEFORE.get(0))) {
            views.put(customer, get(port, "/customers/" + customer));
        }
        return views;
    }

    private static JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? Json.MAPPER.readTree(answer.body()) : Json.MAPPER.createObjectNode();
    }

    private interface Query {
        JsonNode get() throws Exception;
    }

    private static JsonNode until(Query query, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode answer = query.get();
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            answer = query.get();
        }
        return answer;
    }
}
