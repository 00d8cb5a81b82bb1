package dev.loyalty.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second {@code ./loyalty run} away from a data directory in use. Kafka locks its log
 * directory only after reading the metadata log, and a second broker reading a log that the first
 * one is writing truncates it as corrupt; so the whole directory is locked before anything opens it.
 */
public final class DataDirLock implements AutoCloseable {

    private static final String LOCK_FILE = "loyalty.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dataDir}, creating it when needed, or fails saying who holds it. */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir, channel);
            }
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDir, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot use the data directory " + dataDir.toAbsolutePath() + ": " + e, e);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    private static IllegalStateException inUse(Path dataDir, FileChannel channel) {
        closeQuietly(channel);
        return new IllegalStateException("the data directory " + dataDir.toAbsolutePath()
                + " is in use by another running instance; stop it or choose another --data-dir");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
