package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashedTaskStateTest {

    @TempDir
    Path stateDir;

    @Test
    void underExactlyOnceOnlyTheTasksWithoutCheckpointAreDeleted() throws Exception {
        Path app = stateDir.resolve("app");
        Path crashed = store(app.resolve("0_1"));
        Path closedCleanly = store(app.resolve("0_2"));
        Files.writeString(closedCleanly.resolve(".checkpoint"), "0\n");
        Path processFile = Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");
        Path otherApp = store(stateDir.resolve("other").resolve("0_1"));

        assertThat(CrashedTaskState.discard(config(StreamsConfig.EXACTLY_ONCE_V2))).isEqualTo(1);

        assertThat(crashed).doesNotExist();
        assertThat(closedCleanly.resolve("store")).exists();
        // The process id names the transactional producer that fences the crashed one: it stays.
        assertThat(processFile).exists();
        assertThat(otherApp.resolve("store")).exists();
    }

    @Test
    void withoutExactlyOnceNothingIsDeleted() throws Exception {
        Path crashed = store(stateDir.resolve("app").resolve("0_1"));

        assertThat(CrashedTaskState.discard(config(StreamsConfig.AT_LEAST_ONCE))).isZero();

        assertThat(crashed.resolve("store")).exists();
    }

    @Test
    void aFirstStartHasNothingToDelete() {
        assertThat(CrashedTaskState.discard(config(StreamsConfig.EXACTLY_ONCE_V2))).isZero();
    }

    private Properties config(String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        return p;
    }

    private static Path store(Path taskDir) throws Exception {
        Files.createDirectories(taskDir.resolve("store"));
        Files.writeString(taskDir.resolve("store").resolve("000001.sst"), "data");
        return taskDir;
    }
}
