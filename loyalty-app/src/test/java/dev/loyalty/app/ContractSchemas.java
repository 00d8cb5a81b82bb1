package dev.loyalty.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.loyalty.core.json.Json;
import dev.loyalty.http.HttpApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of docs/schemas and of the HTTP API's OpenAPI description, as the project publishes
 * them, for checking what the system wrote and answered. Formats ({@code date-time}) are asserted, as
 * the schemas mean them.
 */
public final class ContractSchemas {

    /** Tests run in their module's folder; the schemas are documentation of the whole project. */
    public static final Path FOLDER = Path.of("..", "docs", "schemas");

    private static final String OPENAPI = "urn:loyalty-ledger:openapi";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Map.of(OPENAPI, openApiDescription()))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private ContractSchemas() {
    }

    /** @param name the file name without {@code .schema.json}, such as {@code ledger-entry} */
    public static Schema load(String name) {
        try {
            return REGISTRY.getSchema(Files.readString(FOLDER.resolve(name + ".schema.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param component a schema of the OpenAPI description's components, such as {@code CustomerView} */
    public static Schema openApi(String component) {
        return REGISTRY.getSchema(SchemaLocation.of(OPENAPI + "#/components/schemas/" + component));
    }

    /** What the schema finds wrong with a JSON text, one line per problem; empty when it is valid. */
    public static List<String> problems(Schema schema, byte[] json) {
        JsonNode node = Json.read(json, JsonNode.class);
        return schema.validate(node).stream().map(Error::toString).toList();
    }

    /** As GET /openapi.json serves it: from the HTTP API's jar. */
    private static String openApiDescription() {
        try (InputStream in = HttpApi.class.getResourceAsStream("openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
