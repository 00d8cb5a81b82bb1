package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    @TempDir
    Path dir;

    @Test
    void aJvmThatCannotArchiveItsClassesGoesOnAndLeavesNoFileBehind() {
        // This test JVM runs without -XX:+RecordDynamicDumpInfo, like a run not started by the launcher.
        boolean archived = ClassDataSharing.archive(dir.resolve("loyalty.jsa"));

        assertThat(archived).isFalse();
        assertThat(dir).isEmptyDirectory();
    }
}
