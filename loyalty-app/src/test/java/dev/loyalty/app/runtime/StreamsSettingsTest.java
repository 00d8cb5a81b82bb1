package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void streamsSettingsFromTheConfigFileOverrideTheSystemsDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("loyalty.properties"),
                "streams.num.stream.threads=2\nstreams.consumer.max.poll.records=1500\n");
        RunSettings settings = RunSettings.resolve(Map.of(), ConfigSources.load(file, Map.of()));

        Properties streams = StreamsSettings.common(settings, new KafkaConnection("localhost:9092", Map.of()), "app",
                new HostInfo("localhost", 8080));

        assertThat(streams).containsEntry("num.stream.threads", "2")
                .containsEntry("consumer.max.poll.records", "1500")
                .containsEntry("application.id", "app")
                .containsEntry("application.server", "localhost:8080");
    }
}
