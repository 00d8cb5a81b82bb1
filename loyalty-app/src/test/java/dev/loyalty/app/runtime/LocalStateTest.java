package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStateTest {

    @TempDir
    Path stateDir;
    Path app;

    /** What Kafka Streams 4.3 leaves in an application's state directory. */
    @BeforeEach
    void streamsLeftItsState() throws Exception {
        app = stateDir.resolve("loyalty-ledger-writer");
        Files.createDirectories(app.resolve("0_0/rocksdb/writer-accounts"));
        Files.writeString(app.resolve("0_0/rocksdb/writer-accounts/000001.sst"), "data");
        Files.createDirectories(app.resolve("1_3/rocksdb"));
        Files.createDirectories(app.resolve("global"));
        Files.writeString(app.resolve("global/.checkpoint"), "0\n");
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "{\"processId\":\"x\"}");
        Files.writeString(app.resolve(".lock"), "");
    }

    @Test
    void stateLeftOpenByACrashLosesItsTasksAndKeepsTheProcessIdAndGlobalStore() {
        LocalState state = new LocalState(stateDir, "loyalty-ledger-writer");

        assertThat(state.discardIfLeftOpen()).isTrue();

        assertThat(app.resolve("0_0")).doesNotExist();
        assertThat(app.resolve("1_3")).doesNotExist();
        assertThat(app.resolve("global/.checkpoint")).exists();
        assertThat(app.resolve("kafka-streams-process-metadata")).exists();
        assertThat(app.resolve(".lock")).exists();
    }

    @Test
    void stateClosedCleanlyIsKeptOnceAndACrashAfterThatStartLosesIt() {
        LocalState state = new LocalState(stateDir, "loyalty-ledger-writer");
        state.markClosed();

        assertThat(state.discardIfLeftOpen()).isFalse();
        assertThat(app.resolve("0_0/rocksdb/writer-accounts/000001.sst")).exists();
        assertThat(app.resolve("1_3")).exists();

        assertThat(state.discardIfLeftOpen()).isTrue();
        assertThat(app.resolve("0_0")).doesNotExist();
    }

    @Test
    void unmarkingLeavesTheStateToKafkaStreamsAndMakesTheNextStartACrash() {
        LocalState state = new LocalState(stateDir, "loyalty-ledger-writer");
        state.markClosed();

        state.unmark();
        assertThat(app.resolve("0_0/rocksdb/writer-accounts/000001.sst")).exists();
        assertThat(app.resolve(LocalState.CLOSED_MARK)).doesNotExist();
        assertThat(state.discardIfLeftOpen()).isTrue();
    }

    @Test
    void anApplicationThatNeverRanHasNothingToDiscard() {
        assertThat(new LocalState(stateDir, "never-ran").discardIfLeftOpen()).isFalse();
        assertThat(stateDir.resolve("never-ran")).doesNotExist();
    }
}
