package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compose file and the docs name only environment variables the application reads. */
class DeploymentFilesTest {

    private static final Pattern LOYALTY_VARIABLE = Pattern.compile("\\bLOYALTY_[A-Z_]+\\b");
    private static final Set<String> OTHER_KNOWN = Set.of(ConfigSources.CONFIG_ENV_VAR, "LOYALTY_JAVA_OPTS");

    @ParameterizedTest
    @ValueSource(strings = {"docker-compose.yml", "README.md", "docs/configuration.md", "docs/runtime.md"})
    void mentionsOnlyVariablesTheApplicationReads(String file) throws IOException {
        Set<String> settings = Arrays.stream(Setting.values()).map(Setting::envVar).collect(Collectors.toSet());
        Matcher m = LOYALTY_VARIABLE.matcher(Files.readString(Path.of("..").resolve(file)));
        while (m.find()) {
            String name = m.group();
            assertThat(settings.contains(name) || OTHER_KNOWN.contains(name) || name.startsWith("LOYALTY_KAFKA_"))
                    .as("%s in %s", name, file).isTrue();
        }
    }
}
