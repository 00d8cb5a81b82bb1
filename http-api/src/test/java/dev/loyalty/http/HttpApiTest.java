package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract that does not depend on where the data lives: validation, errors, health, metrics. */
class HttpApiTest {

    private final List<EventPublisher.KeyedEvent> published = new ArrayList<>();
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());
    private final AtomicReference<Optional<String>> degraded = new AtomicReference<>(Optional.empty());
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi api;
    private boolean rebalancing;

    /** One local customer, c-1, with two entries. */
    private final ProjectionReader reader = new ProjectionReader() {
        @Override
        public Owner owner(String customerId) {
            return rebalancing ? new NotAvailable(-1) : new Local(0);
        }

        @Override
        public Optional<byte[]> view(String customerId, int partition, Copy copy) {
            return customerId.equals("c-1") ? Optional.of("{\"customerId\":\"c-1\"}".getBytes()) : Optional.empty();
        }

        @Override
        public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
            List<byte[]> entries = new ArrayList<>();
            for (long seq = fromSeq; seq <= 2 && entries.size() < limit; seq++) {
                entries.add(("{\"seq\":" + seq + "}").getBytes());
            }
            return entries;
        }

        @Override
        public ProgramTotals localTotals() {
            return new ProgramTotals();
        }

        @Override
        public List<String> otherInstances() {
            return List.of();
        }
    };

    @BeforeEach
    void start() throws IOException {
        Readiness readiness = new Readiness() {
            @Override
            public Optional<String> notReadyBecause() {
                return notReady.get();
            }

            @Override
            public Optional<String> degradedBecause() {
                return degraded.get();
            }
        };
        api = new HttpApi(0, reader, published::addAll, readiness, () -> "# TYPE x counter\nx 1\n");
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + api.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("reason").asText()).isNotBlank();
    }

    @Test
    void aKnownCustomerIsAnsweredAndAnUnknownOneIs404() throws Exception {
        assertThat(get("/customers/c-1").body()).isEqualTo("{\"customerId\":\"c-1\"}");
        assertError(get("/customers/nobody"), 404, "not_found");
        assertError(get("/customers/nobody/ledger"), 404, "not_found");
    }

    @Test
    void theLedgerIsPaged() throws Exception {
        assertThat(get("/customers/c-1/ledger").body()).isEqualTo("[{\"seq\":1},{\"seq\":2}]");
        assertThat(get("/customers/c-1/ledger?fromSeq=2&limit=1").body()).isEqualTo("[{\"seq\":2}]");
        assertThat(get("/customers/c-1/ledger?fromSeq=3").body()).isEqualTo("[]");
    }

    @Test
    void badPagingParametersAre400() throws Exception {
        assertError(get("/customers/c-1/ledger?fromSeq=0"), 400, "bad_request");
        assertError(get("/customers/c-1/ledger?fromSeq=x"), 400, "bad_request");
        assertError(get("/customers/c-1/ledger?limit=0"), 400, "bad_request");
        assertError(get("/customers/c-1/ledger?limit=1001"), 400, "bad_request");
    }

    @Test
    void whileEvenTheCustomersPartitionIsUnknownTheAnswerIs503WithRetryAfter() throws Exception {
        rebalancing = true;
        HttpResponse<String> r = get("/customers/c-1");
        assertError(r, 503, "unavailable");
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void oneEventOrAnArrayOfEventsIsPublishedKeyedByCustomer() throws Exception {
        byte[] one = "{\"eventId\":\"e1\",\"customerId\":\"c-1\",\"type\":\"purchase\"}".getBytes();
        HttpResponse<String> r = post("/events", one);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"accepted\":1}");
        assertThat(published).hasSize(1);
        assertThat(published.get(0).customerId()).isEqualTo("c-1");
        assertThat(published.get(0).json()).isEqualTo(one);

        r = post("/events", "[{\"customerId\":\"a\",\"amount\":42.50},{\"customerId\":\"b\"},{\"x\":1}]".getBytes());
        assertThat(r.body()).isEqualTo("{\"accepted\":3}");
        assertThat(published).extracting(EventPublisher.KeyedEvent::customerId).containsExactly("c-1", "a", "b", null);
        assertThat(new String(published.get(1).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"customerId\":\"a\",\"amount\":42.50}");
    }

    @Test
    void anythingButJsonObjectsIs400() throws Exception {
        for (String body : List.of("", "not json", "{\"a\":", "[]", "[1]", "[{}, \"x\"]", "42", "null", "\"s\"",
                "{} {}")) {
            assertError(post("/events", body.getBytes()), 400, "bad_request");
        }
        assertThat(published).isEmpty();
    }

    @Test
    void aBodyOverOneMebibyteIs413() throws Exception {
        for (int size : List.of(HttpApi.MAX_BODY_BYTES + 1, 3 * HttpApi.MAX_BODY_BYTES)) {
            // Judged from Content-Length before a byte of the body is read; a client still sending the body
            // would race the server closing the connection, so the request sends none.
            String answer = RawHttp.exchange(api.port(), "POST /events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + size + "\r\n\r\n");
            assertThat(RawHttp.status(answer)).isEqualTo(413);
            assertThat(Json.MAPPER.readTree(RawHttp.body(answer)).path("error").asText()).isEqualTo("payload_too_large");
        }
        assertThat(get("/health").statusCode()).as("the server still answers").isEqualTo(200);
        assertThat(published).isEmpty();
    }

    @Test
    void readinessFollowsTheInstanceWhileLivenessOnlyNeedsTheProcess() throws Exception {
        for (String path : List.of("/health", "/health/ready", "/health/live")) {
            assertThat(get(path).statusCode()).isEqualTo(200);
            assertThat(json(get(path)).get("status").asText()).isEqualTo("UP");
        }
        notReady.set(Optional.of("the projections are restoring"));
        for (String path : List.of("/health", "/health/ready")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json(r).get("status").asText()).isEqualTo("DOWN");
            assertThat(json(r).get("reason").asText()).isEqualTo("the projections are restoring");
        }
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertError(get("/health/other"), 404, "not_found");
    }

    @Test
    void aDegradedInstanceStaysReadyAndSaysWhy() throws Exception {
        degraded.set(Optional.of("the Kafka cluster has not answered for 12 s"));
        for (String path : List.of("/health", "/health/ready")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("status").asText()).isEqualTo("DEGRADED");
            assertThat(json(r).get("reason").asText()).isEqualTo("the Kafka cluster has not answered for 12 s");
        }
        notReady.set(Optional.of("the ledger writer is ERROR"));
        assertThat(get("/health/ready").statusCode()).as("not ready wins over degraded").isEqualTo(503);
        assertThat(json(get("/health/ready")).get("status").asText()).isEqualTo("DOWN");
        assertThat(json(get("/health/live")).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body()).contains("x 1");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertError(get("/nowhere"), 404, "not_found");
        assertError(get("/events"), 405, "method_not_allowed");
        assertError(post("/customers/c-1", "{}".getBytes()), 405, "method_not_allowed");
    }

    @Test
    void aFailingPublisherIs503() throws Exception {
        api.close();
        api = new HttpApi(0, reader, events -> {
            throw new IllegalStateException("broker down");
        }, notReady::get, () -> "");
        api.start();
        assertError(post("/events", "{}".getBytes()), 503, "unavailable");
    }
}
