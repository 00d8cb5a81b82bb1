package dev.loyalty.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON Schemas of docs/schemas, as the project publishes them, for checking records the system
 * wrote. Formats ({@code date-time}) are asserted, as the schemas mean them.
 */
public final class ContractSchemas {

    /** Tests run in their module's folder; the schemas are documentation of the whole project. */
    public static final Path FOLDER = Path.of("..", "docs", "schemas");

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

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

    /** What the schema finds wrong with a JSON text, one line per problem; empty when it is valid. */
    public static List<String> problems(Schema schema, byte[] json) {
        JsonNode node = Json.read(json, JsonNode.class);
        return schema.validate(node).stream().map(Error::toString).toList();
    }
}
