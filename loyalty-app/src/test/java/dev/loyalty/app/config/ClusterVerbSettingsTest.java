package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** publish, simulate and verify resolve their cluster, topics and program as run does. */
class ClusterVerbSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentNamesTheClusterTopicsAndProgramWhenNoFlagDoes() throws IOException {
        Path program = dir.resolve("program.json");
        Files.writeString(program, "{\"version\":\"env-program\"}");
        ConfigSources sources = ConfigSources.load(null, Map.of(
                "LOYALTY_BOOTSTRAP_SERVERS", "kafka1:9092,kafka2:9092",
                "LOYALTY_TOPIC_PREFIX", "env.",
                "LOYALTY_PROGRAM", program.toString()));

        assertThat(KafkaConnection.resolve(null, sources).bootstrapServers()).isEqualTo("kafka1:9092,kafka2:9092");
        assertThat(KafkaConnection.resolve("flag:9092", sources).bootstrapServers()).isEqualTo("flag:9092");
        assertThat(sources.topics(null).ledger()).isEqualTo("env.ledger");
        assertThat(sources.program(null).version()).isEqualTo("env-program");
    }

    @Test
    void theFileServesWhatNeitherFlagNorEnvironmentSets() throws IOException {
        Path file = dir.resolve("loyalty.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=file.\nhttp.port=8081\n");

        ConfigSources sources = ConfigSources.load(null, Map.of(ConfigSources.CONFIG_ENV_VAR, file.toString()));

        assertThat(KafkaConnection.resolve(null, sources).bootstrapServers()).isEqualTo("file:9092");
        assertThat(sources.topics(null).events()).isEqualTo("file.events");
        assertThat(sources.program(null).version()).isEqualTo(Program.defaults().version());
    }
}
