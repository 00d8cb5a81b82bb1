package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens and their roles over HTTP (SPEC section 6, Access). */
class HttpAccessTest {

    private static final String READ = AccessTokens.newToken();
    private static final String PUBLISH = AccessTokens.newToken();
    private static final String ADMIN = AccessTokens.newToken();
    private static final String NONE = null;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<EventPublisher.KeyedEvent> published = new ArrayList<>();
    private final List<Boolean> replays = new ArrayList<>();
    private HttpApi api;

    @TempDir
    Path dir;

    private final ReplayControl replay = new ReplayControl() {
        @Override
        public byte[] start(boolean resendSignals) {
            replays.add(resendSignals);
            return progress();
        }

        @Override
        public byte[] progress() {
            return "{\"state\":\"RUNNING\"}".getBytes(StandardCharsets.UTF_8);
        }
    };

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("http-tokens");
        Files.write(file, List.of(
                "# made with ./loyalty token new",
                AccessTokens.line(READ, EnumSet.of(Role.READ)),
                AccessTokens.line(PUBLISH, EnumSet.of(Role.PUBLISH)),
                AccessTokens.line(ADMIN, EnumSet.of(Role.ADMIN)) + "  # the operator"));
        HttpAccess access = new HttpAccess("127.0.0.1", AccessTokens.load(file), Optional.empty());
        api = new HttpApi(0, access, new OneCustomerReader(), published::addAll, Readiness.READY, () -> "x 1\n", replay);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aRequestWithoutATokenIsRefusedWith401AndAJsonError() throws Exception {
        HttpResponse<String> answer = get("/customers/c-1", NONE);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(error(answer)).isEqualTo("unauthorized");
    }

    @Test
    void anUnknownTokenIsRefusedWith401() throws Exception {
        assertThat(get("/customers/c-1", AccessTokens.newToken()).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Basic " + READ).statusCode()).isEqualTo(401);
        assertThat(get("/no-such-path", NONE).statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsOpenToAll() throws Exception {
        for (String path : List.of("/health", "/health/ready", "/health/live")) {
            assertThat(get(path, NONE).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void theReadRoleReadsAndNothingElse() throws Exception {
        assertThat(get("/customers/c-1", READ).body()).isEqualTo(OneCustomerReader.VIEW);
        assertThat(get("/customers/c-1/ledger", READ).statusCode()).isEqualTo(200);
        assertThat(get("/program/metrics", READ).statusCode()).isEqualTo(200);
        assertThat(get("/metrics", READ).statusCode()).isEqualTo(200);

        HttpResponse<String> publish = post("/events", READ);
        assertThat(publish.statusCode()).isEqualTo(403);
        assertThat(error(publish)).isEqualTo("forbidden");
        assertThat(post("/internal/replay", READ).statusCode()).isEqualTo(403);
        assertThat(get("/internal/replay", READ).statusCode()).isEqualTo(403);
        assertThat(published).isEmpty();
        assertThat(replays).isEmpty();
    }

    @Test
    void thePublishRolePublishesAndNothingElse() throws Exception {
        assertThat(post("/events", PUBLISH).statusCode()).isEqualTo(202);
        assertThat(published).hasSize(1);

        assertThat(get("/customers/c-1", PUBLISH).statusCode()).isEqualTo(403);
        assertThat(post("/internal/replay", PUBLISH).statusCode()).isEqualTo(403);
    }

    @Test
    void theAdminRoleStartsAReplayAndReadsNoCustomer() throws Exception {
        assertThat(post("/internal/replay", ADMIN).statusCode()).isEqualTo(202);
        assertThat(get("/internal/replay", ADMIN).statusCode()).isEqualTo(200);
        assertThat(replays).containsExactly(false);

        assertThat(get("/customers/c-1", ADMIN).statusCode()).isEqualTo(403);
        assertThat(post("/events", ADMIN).statusCode()).isEqualTo(403);
    }

    @Test
    void aTokenWithSeveralRolesHasEachOfThem() throws Exception {
        String both = AccessTokens.newToken();
        Path file = dir.resolve("two-roles");
        Files.writeString(file, AccessTokens.line(both, Set.of(Role.READ, Role.PUBLISH)) + "\n");
        api.close();
        api = new HttpApi(0, new HttpAccess("127.0.0.1", AccessTokens.load(file), Optional.empty()),
                new OneCustomerReader(), published::addAll, Readiness.READY, () -> "", replay);
        api.start();

        assertThat(get("/customers/c-1", both).statusCode()).isEqualTo(200);
        assertThat(post("/events", both).statusCode()).isEqualTo(202);
        assertThat(post("/internal/replay", both).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return client.send(authorized(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        String body = path.equals("/events") ? "{\"customerId\":\"c-1\",\"type\":\"PURCHASE\"}" : "";
        return client.send(authorized(path, token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path));
        if (token != null) {
            request.header("Authorization", token.startsWith("Basic ") ? token : "Bearer " + token);
        }
        return request;
    }

    private static String error(HttpResponse<String> answer) throws Exception {
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertThat(body.path("reason").asText()).isNotBlank();
        return body.path("error").asText();
    }
}
