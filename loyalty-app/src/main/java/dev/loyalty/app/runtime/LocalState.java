package dev.loyalty.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application's local state, {@code <state.dir>/<application.id>}, and whether the
 * last process that used it closed it.
 *
 * <p>Under exactly-once, Kafka Streams 4.3 does not trust stores a crashed process left open: as each
 * task opens them it finds them corrupted, closes the task dirty, wipes it, asks its group for one more
 * rebalance, and restores the stores from their changelogs. Wiping the tasks before Kafka Streams starts
 * gives the same restore without that round: no stores opened only to be thrown away, no extra
 * rebalance, and the group hears at once that this instance holds nothing, so a peer's up-to-date copies
 * stay active instead of coming back here to be restored from scratch. A clean close leaves a mark that
 * keeps the state for the next start.
 */
final class LocalState {

    static final String CLOSED_MARK = "loyalty-closed-cleanly";
    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    /** Kafka Streams names each task's directory {@code <subtopology>_<partition>}. */
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

    private final Path directory;

    LocalState(Path stateDir, String applicationId) {
        this.directory = stateDir.resolve(applicationId);
    }

    /**
     * Before the application's Kafka Streams client is created: without the mark of a clean close, every
     * task's state goes (the process id, which names the application's transactions, and the global
     * store's checkpoint stay). The mark goes either way, so a crash from now on leaves none.
     *
     * @return whether the application ran here before and was not closed cleanly
     */
    boolean discardIfLeftOpen() {
        try {
            if (Files.deleteIfExists(directory.resolve(CLOSED_MARK)) || !Files.isDirectory(directory)) {
                return false;
            }
            List<Path> tasks = taskDirectories();
            for (Path task : tasks) {
                Utils.delete(task.toFile());
            }
            LOG.info("{} was not closed cleanly last time: its {} tasks are restored from their changelogs",
                    directory.getFileName(), tasks.size());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local state in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Before the application's Kafka Streams client is created, leaving whatever is there to Kafka Streams:
     * only the mark goes, so a crash from now on leaves none.
     */
    void unmark() {
        try {
            Files.deleteIfExists(directory.resolve(CLOSED_MARK));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local state in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** After the application closed within its timeout: its stores are consistent with what it committed. */
    void markClosed() {
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(CLOSED_MARK), new byte[0]);
        } catch (IOException e) {
            LOG.warn("cannot mark {} as closed cleanly; the next start restores it: {}", directory, e.toString());
        }
    }

    private List<Path> taskDirectories() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> Files.isDirectory(p) && TASK_DIRECTORY.matcher(p.getFileName().toString()).matches())
                    .toList();
        }
    }
}
