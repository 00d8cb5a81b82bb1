package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The container files and the docs name only environment variables the application reads. */
class DeploymentFilesTest {

    private static final Pattern LOYALTY_VARIABLE = Pattern.compile("\\bLOYALTY_[A-Z_]+\\b");
    /** Written as examples of what is not read, or as a prefix. */
    private static final Set<String> EXAMPLES = Set.of("LOYALTY_HTTP_PROT", "LOYALTY_KAFKA_", "LOYALTY_STREAMS_");

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "docker-compose.yml", "README.md", "docs/configuration.md", "docs/runtime.md"})
    void mentionsOnlyVariablesTheApplicationReads(String file) throws IOException {
        Matcher m = LOYALTY_VARIABLE.matcher(Files.readString(Path.of("..").resolve(file)));
        while (m.find()) {
            String name = m.group();
            boolean read = ConfigSources.variableWarnings(Map.of(name, "")).isEmpty();
            assertThat(read || EXAMPLES.contains(name)).as("%s in %s", name, file).isTrue();
        }
    }
}
