package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.core.program.Program;
import java.io.IOException;
import java.net.URI;
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

        assertThat(KafkaConnection.resolve(null, null, sources).bootstrapServers()).isEqualTo("kafka1:9092,kafka2:9092");
        assertThat(KafkaConnection.resolve("flag:9092", null, sources).bootstrapServers()).isEqualTo("flag:9092");
        assertThat(sources.topics(null).ledger()).isEqualTo("env.ledger");
        assertThat(sources.program(null).version()).isEqualTo("env-program");
    }

    @Test
    void theFileServesWhatNeitherFlagNorEnvironmentSets() throws IOException {
        Path file = dir.resolve("loyalty.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\ntopic.prefix=file.\nhttp.port=8081\n");

        ConfigSources sources = ConfigSources.load(null, Map.of(ConfigSources.CONFIG_ENV_VAR, file.toString()));

        assertThat(KafkaConnection.resolve(null, null, sources).bootstrapServers()).isEqualTo("file:9092");
        assertThat(sources.topics(null).events()).isEqualTo("file.events");
        assertThat(sources.program(null).version()).isEqualTo(Program.defaults().version());
    }

    @Test
    void withoutBootstrapServersTheClusterIsTheEmbeddedBrokerAtTheKafkaPortRunUses() {
        ConfigSources sources = ConfigSources.load(null, Map.of("LOYALTY_KAFKA_PORT", "39092"));

        assertThat(KafkaConnection.resolve(null, null, sources).bootstrapServers()).isEqualTo("localhost:39092");
        assertThat(KafkaConnection.resolve(null, 29092, sources).bootstrapServers()).isEqualTo("localhost:29092");
        assertThat(KafkaConnection.resolve(null, null, ConfigSources.load(null, Map.of())).bootstrapServers())
                .isEqualTo("localhost:9092");
    }

    @Test
    void theHttpApiIsWhereRunListensWithTheSameSettings() {
        assertThat(ConfigSources.load(null, Map.of()).httpUrl(null)).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(ConfigSources.load(null, Map.of("LOYALTY_HTTP_PORT", "38080")).httpUrl(null))
                .isEqualTo(URI.create("http://localhost:38080"));
        assertThat(ConfigSources.load(null, Map.of("LOYALTY_HTTP_HOST", "0.0.0.0", "LOYALTY_HTTP_PORT", "8443",
                "LOYALTY_HTTP_TLS_KEYSTORE", "server.p12")).httpUrl(null)).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(ConfigSources.load(null, Map.of("LOYALTY_HTTP_HOST", "10.0.0.5")).httpUrl(null))
                .isEqualTo(URI.create("http://10.0.0.5:8080"));
        assertThat(ConfigSources.load(null, Map.of("LOYALTY_HTTP_PORT", "38080")).httpUrl(URI.create("http://other:1")))
                .isEqualTo(URI.create("http://other:1"));
    }

    @Test
    void anHttpPortThatRunPicksItselfDoesNotSayWhereTheSystemIs() {
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of("LOYALTY_HTTP_PORT", "0")).httpUrl(null))
                .isInstanceOf(BadConfigurationException.class).hasMessageStartingWith("LOYALTY_HTTP_PORT: port 0");
        assertThatThrownBy(() -> ConfigSources.load(null, Map.of("LOYALTY_HTTP_PORT", "http")).httpUrl(null))
                .isInstanceOf(BadConfigurationException.class).hasMessageStartingWith("LOYALTY_HTTP_PORT: a port number");
    }
}
