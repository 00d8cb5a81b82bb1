package dev.loyalty.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <data-dir>/projections-generation}: the generation of the projections that serves queries,
 * so a restart serves the latest rebuilt one. No file means generation 0.
 */
final class GenerationFile {

    static final String NAME = "projections-generation";

    private GenerationFile() {
    }

    static long read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " must hold a generation number, not: " + e.getMessage(), e);
        }
    }

    /** Written aside and moved in place, so a crash leaves the old number or the new one. */
    static void write(Path dataDir, long generation) {
        Path file = dataDir.resolve(NAME);
        Path next = dataDir.resolve(NAME + ".next");
        try {
            Files.writeString(next, generation + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
