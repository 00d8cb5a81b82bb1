package dev.loyalty.app.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * {@code <data-dir>/instance-id}: this instance's name in its consumer groups ({@code group.instance.id},
 * static membership). Made once at random and kept with the data, so it is the same after every
 * restart of this instance and never the same as another instance's, on any machine.
 */
final class InstanceId {

    static final String NAME = "instance-id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private InstanceId() {
    }

    /** The id kept in {@code dataDir}, made and written first when there is none. */
    static String of(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!VALID.matcher(id).matches()) {
                throw new IllegalStateException(file + " must hold letters, digits, '.', '_' or '-' only (up to 200),"
                        + " not: " + id);
            }
            return id;
        } catch (NoSuchFileException e) {
            return create(dataDir, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Written aside and moved in place, so a crash leaves no half-written id. */
    private static String create(Path dataDir, Path file) {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String id = "loyalty-" + HexFormat.of().formatHex(random);
        Path next = dataDir.resolve(NAME + ".next");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(next, id + "\n", StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return id;
    }
}
