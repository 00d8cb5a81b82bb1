package dev.loyalty.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discards, before a Kafka Streams application starts, the local state it could never use again: under
 * {@code exactly_once_v2} Kafka Streams 4.3 writes a task's {@code .checkpoint} file only when it closes
 * the task cleanly (and deletes it while the task runs), so after a crash a task directory without one
 * may hold uncommitted writes. Left in place, Kafka Streams opens every store of every such task at
 * start (one after the other, on the thread that calls {@code start()}), finds no checkpoint, wipes
 * the task, opens it again on the stream thread, finds it corrupted once more, closes it and asks the
 * group for a new rebalance; then it restores the stores from their changelogs. Deleting those
 * directories first ends in the same restore without the rest.
 */
final class CrashedTaskState {

    private static final Logger LOG = LoggerFactory.getLogger(CrashedTaskState.class);
    private static final String CHECKPOINT_FILE = ".checkpoint";

    private CrashedTaskState() {
    }

    /**
     * @param config the application's Streams configuration: its {@code state.dir}, {@code application.id}
     *     and processing guarantee; nothing is deleted unless the guarantee is exactly-once
     * @return how many task directories were deleted
     */
    static int discard(Properties config) {
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            return 0;
        }
        String applicationId = (String) config.get(StreamsConfig.APPLICATION_ID_CONFIG);
        Path appDir = Path.of((String) config.get(StreamsConfig.STATE_DIR_CONFIG), applicationId);
        if (!Files.isDirectory(appDir)) {
            return 0;
        }
        List<Path> uncommitted = list(appDir).stream()
                .filter(dir -> Files.isDirectory(dir) && isTaskDirectory(dir) && !Files.exists(dir.resolve(CHECKPOINT_FILE)))
                .toList();
        uncommitted.forEach(CrashedTaskState::deleteTree);
        if (!uncommitted.isEmpty()) {
            LOG.info("{}: the local state of {} tasks was left by a crash; it is restored from the changelogs",
                    applicationId, uncommitted.size());
        }
        return uncommitted.size();
    }

    /** Kafka Streams names a task's directory {@code <subtopology>_<partition>}. */
    private static boolean isTaskDirectory(Path dir) {
        return dir.getFileName().toString().matches("\\d+_\\d+");
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
