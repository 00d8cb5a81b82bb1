package dev.loyalty.app.runtime;

import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.KafkaPrincipals;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.RunSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run --secure}: gives the principals of the principals file their credentials and ACLs on the
 * secured embedded broker, and writes a kcat (librdkafka) settings file per role, so a user can try
 * each role's rights from the shell.
 */
final class EmbeddedBrokerAccess {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBrokerAccess.class);
    private static final String KCAT_DIR = "kcat";

    private EmbeddedBrokerAccess() {
    }

    static void grant(EmbeddedKafkaBroker broker, RunSettings settings, KafkaPrincipals principals) {
        try (Admin admin = Admin.create(broker.superUserConfig().orElseThrow(
                () -> new IllegalStateException("the embedded broker is not secured")))) {
            KafkaAccess.grant(admin, principals, KafkaAcls.forSystem(settings, principals));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the Kafka principals and ACLs: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka principals and ACLs", e);
        }
        Path kcat = settings.dataDir().resolve(KCAT_DIR);
        for (KafkaRole role : KafkaRole.values()) {
            writeKcatFile(kcat.resolve(role.key() + ".conf"), broker.bootstrapServers(), principals.credentials(role));
        }
        LOG.info("Kafka requires SASL (SCRAM-SHA-512, or PLAIN) on {}; each role has its own principal and ACLs"
                + " (docs/security.md); user names and passwords in {}", broker.bootstrapServers(), principals.file());
        LOG.info("kcat settings per role in {}, for instance: kcat -F {} -P -t {}", kcat,
                kcat.resolve(KafkaRole.PUBLISHER.key() + ".conf"), settings.topics().events());
    }

    /**
     * PLAIN, not SCRAM: librdkafka before 2.6.1, the kcat of Debian 12 and Ubuntu 24.04, fails SCRAM with
     * a Kafka 4 broker. The broker listens on localhost only.
     */
    private static void writeKcatFile(Path file, String bootstrapServers, KafkaPrincipals.Credentials credentials) {
        String text = "# kcat -F " + file + " ...: librdkafka settings of Kafka principal " + credentials.username()
                + "\n# With librdkafka 2.6.1 or later, sasl.mechanisms=SCRAM-SHA-512 works too."
                + "\nbootstrap.servers=" + bootstrapServers
                + "\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanisms=PLAIN"
                + "\nsasl.username=" + credentials.username() + "\nsasl.password=" + credentials.password() + "\n";
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
