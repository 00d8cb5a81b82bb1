package dev.loyalty.app.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the classes this JVM has loaded to a class data sharing archive, which the launcher
 * ({@code ./loyalty}) hands to later starts: the JVM maps the classes instead of loading and verifying
 * each one again (docs/runtime.md, Restart after a crash). The launcher asks for it on the first
 * {@code run} of a build, with {@code -XX:+RecordDynamicDumpInfo -Dloyalty.cds.archive=FILE}.
 */
public final class ClassDataSharing {

    static final String ARCHIVE_PROPERTY = "loyalty.cds.archive";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);

    private ClassDataSharing() {
    }

    /**
     * Archives the loaded classes if the launcher asked for it, on a thread of its own: the JVM stops
     * at a safepoint for a second or two while it writes. Called once the system is ready, when a run
     * has loaded every class it needs.
     */
    public static void archiveInBackgroundIfAsked() {
        String target = System.getProperty(ARCHIVE_PROPERTY);
        if (target != null) {
            Thread thread = new Thread(() -> archive(Path.of(target)), "class-data-archive");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** @return whether the archive was written (the JVM must run with -XX:+RecordDynamicDumpInfo) */
    static boolean archive(Path archive) {
        Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        if (partial.toString().chars().anyMatch(Character::isWhitespace)) {
            // The diagnostic command takes its arguments as one line split at spaces.
            LOG.info("no class data archive for faster starts: its path {} holds a space", archive);
            return false;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                    new String[] {String[].class.getName()});
            // Renamed whole: the JVM would crash on an archive cut short, so none is ever visible half written.
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("archived the loaded classes in {}: later starts map them instead of loading them", archive);
            return true;
        } catch (JMException | IOException | RuntimeException e) {
            LOG.warn("could not archive the loaded classes for faster starts: {}", e.toString());
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Nothing more to do: a leftover .part file is never mapped.
            }
            return false;
        }
    }
}
