package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceIdTest {

    @TempDir
    Path dir;

    @Test
    void theSameForEveryStartOnOneDataDirectoryAndDifferentOnAnother() {
        String first = InstanceId.of(dir.resolve("a"));
        assertThat(first).matches("loyalty-[0-9a-f]{16}");
        assertThat(InstanceId.of(dir.resolve("a"))).isEqualTo(first);
        assertThat(InstanceId.of(dir.resolve("b"))).isNotEqualTo(first);
    }

    @Test
    void anIdSetByHandIsKeptAndAnInvalidOneRefused() throws Exception {
        Files.writeString(dir.resolve(InstanceId.NAME), "till-7\n");
        assertThat(InstanceId.of(dir)).isEqualTo("till-7");
        Files.writeString(dir.resolve(InstanceId.NAME), "till 7\n");
        assertThatThrownBy(() -> InstanceId.of(dir)).hasMessageContaining("till 7");
    }
}
