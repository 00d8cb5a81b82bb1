package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /openapi.json against the server itself: every route of the route table is described and every
 * described operation is served (but those marked {@code x-pending}), each with the role the server asks.
 */
class OpenApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Map<Role, String> TOKENS = Map.of(Role.READ, AccessTokens.newToken(),
            Role.PUBLISH, AccessTokens.newToken(), Role.ADMIN, AccessTokens.newToken());

    private final HttpClient client = HttpClient.newHttpClient();
    private final ReplayControl replay = new ReplayControl() {
        @Override
        public byte[] start(boolean resendSignals) {
            return progress();
        }

        @Override
        public byte[] progress() {
            return "{\"state\":\"IDLE\"}".getBytes(StandardCharsets.UTF_8);
        }
    };

    @TempDir
    Path dir;
    private HttpApi api;
    private JsonNode description;

    @BeforeEach
    void start() throws Exception {
        Path file = dir.resolve("http-tokens");
        Files.write(file, TOKENS.entrySet().stream().map(t -> AccessTokens.line(t.getValue(), EnumSet.of(t.getKey())))
                .toList());
        HttpAccess access = new HttpAccess("127.0.0.1", AccessTokens.load(file), Optional.empty());
        api = new HttpApi(0, access, new OneCustomerReader(), events -> { }, null, () -> "x 1\n", replay,
                () -> "{}".getBytes(StandardCharsets.UTF_8));
        api.start();
        HttpResponse<byte[]> answer = send("GET", "/openapi.json", null);
        assertThat(answer.statusCode()).as("served without a token").isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        description = Json.read(answer.body(), JsonNode.class);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void describesExactlyTheRoutesTheServerServes() {
        Set<String> served = api.routes().stream().map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(operations(false)).isEqualTo(served);
        assertThat(operations(true)).as("pending operations are not served yet").doesNotContainAnyElementsOf(served);
        assertThat(description.path("openapi").asText()).startsWith("3.1");
    }

    @Test
    void everyOperationNeedsTheRoleItNamesAndNoOther() throws Exception {
        for (String operation : operations(false)) {
            String method = operation.substring(0, operation.indexOf(' '));
            JsonNode described = description.path("paths").path(operation.substring(method.length() + 1))
                    .path(method.toLowerCase());
            String path = concretePath(operation.substring(operation.indexOf(' ') + 1), described);
            JsonNode security = described.path("security");
            byte[] body = method.equals("POST") ? "{\"customerId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8) : null;
            if (security.isEmpty()) {
                assertThat(send(method, path, null).statusCode()).as(operation + " is open").isNotIn(401, 403);
                continue;
            }
            assertThat(send(method, path, body).statusCode()).as(operation + " without a token").isEqualTo(401);
            Role role = Role.parse(security.get(0).path("bearer").get(0).asText());
            for (Role other : Role.values()) {
                int status = send(method, path, body, TOKENS.get(other)).statusCode();
                if (other == role) {
                    assertThat(status).as(operation + " with " + other.label()).isBetween(200, 299);
                } else {
                    assertThat(status).as(operation + " with " + other.label()).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void theTopicSchemasAreEmbeddedAsDocsSchemasPublishesThem() throws IOException {
        JsonNode schemas = description.path("components").path("schemas");
        assertThat(schemas.path("Event")).isEqualTo(docsSchema("event"));
        assertThat(schemas.path("LedgerEntry")).isEqualTo(docsSchema("ledger-entry"));
    }

    @Test
    void everyReferenceIntoTheComponentsResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(description, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(description.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
        }
    }

    /** The path with each parameter set to the first value its schema lists, else to the customer c-1. */
    private static String concretePath(String template, JsonNode operation) {
        String path = template;
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("path")) {
                JsonNode values = parameter.path("schema").path("enum");
                path = path.replace("{" + parameter.path("name").asText() + "}",
                        values.isEmpty() ? "c-1" : values.get(0).asText());
            }
        }
        return path;
    }

    /** "METHOD /path" of every described operation, pending or not. */
    private Set<String> operations(boolean pending) {
        Set<String> operations = new TreeSet<>();
        description.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey()) && op.getValue().path("x-pending").asBoolean() == pending) {
                operations.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject() && node.path("$ref").asText().startsWith("#/components/")) {
            references.add(node.path("$ref").asText());
        }
        node.forEach(child -> collectReferences(child, references));
    }

    /** Tests run in their module's folder; the schemas are documentation of the whole project. */
    private static JsonNode docsSchema(String name) throws IOException {
        return Json.read(Files.readAllBytes(Path.of("..", "docs", "schemas", name + ".schema.json")), JsonNode.class);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
        return send(method, path, body, null);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
