package dev.loyalty.app.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The user name and password of each {@link KafkaRole}, from a properties file with
 * {@code <role>.username} and {@code <role>.password} lines ({@code publisher.username=...}). A file
 * may name only the roles its holder plays: a point-of-sale gets the publisher's line and no other.
 */
public final class KafkaPrincipals {

    /** The SASL mechanism used unless the client security settings name another. */
    public static final String DEFAULT_MECHANISM = "SCRAM-SHA-512";

    public record Credentials(String username, String password) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Map<KafkaRole, Credentials> byRole;

    private KafkaPrincipals(Path file, Map<KafkaRole, Credentials> byRole) {
        this.file = file;
        this.byRole = byRole;
    }

    public static KafkaPrincipals load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new BadConfigurationException("Kafka principals file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new BadConfigurationException("cannot read Kafka principals file " + file + ": " + e.getMessage());
        }
        Set<String> known = Arrays.stream(KafkaRole.values())
                .flatMap(r -> Stream.of(r.key() + ".username", r.key() + ".password")).collect(Collectors.toSet());
        for (String key : props.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new BadConfigurationException("unknown line '" + key + "' in Kafka principals file " + file
                        + "; expected <role>.username and <role>.password for the roles "
                        + Arrays.stream(KafkaRole.values()).map(KafkaRole::key).collect(Collectors.joining(", ")));
            }
        }
        Map<KafkaRole, Credentials> byRole = new EnumMap<>(KafkaRole.class);
        for (KafkaRole role : KafkaRole.values()) {
            String username = props.getProperty(role.key() + ".username", "").trim();
            String password = props.getProperty(role.key() + ".password", "").trim();
            if (username.isEmpty() != password.isEmpty()) {
                throw new BadConfigurationException("Kafka principals file " + file + ": " + role.key()
                        + " needs both " + role.key() + ".username and " + role.key() + ".password");
            }
            if (!username.isEmpty()) {
                requireJaasSafe(file, role.key() + ".username", username);
                requireJaasSafe(file, role.key() + ".password", password);
                byRole.put(role, new Credentials(username, password));
            }
        }
        Map<String, String> passwords = new HashMap<>();
        for (Credentials c : byRole.values()) {
            if (!passwords.computeIfAbsent(c.username(), u -> c.password()).equals(c.password())) {
                throw new BadConfigurationException("Kafka principals file " + file + ": user " + c.username()
                        + " has two different passwords");
            }
        }
        return new KafkaPrincipals(file, byRole);
    }

    /** Reads the file, or first writes one with every role and random passwords when there is none. */
    public static KafkaPrincipals loadOrGenerate(Path file) {
        if (!Files.exists(file)) {
            generate(file);
        }
        return load(file);
    }

    public Path file() {
        return file;
    }

    /** The credentials of every role the file names, each user once. */
    public List<Credentials> all() {
        return byRole.values().stream().distinct().toList();
    }

    /** Password by user name, for a broker that checks them itself. */
    public Map<String, String> passwordsByUser() {
        return byRole.values().stream().collect(Collectors.toMap(Credentials::username, Credentials::password,
                (same, again) -> same, TreeMap::new));
    }

    public Credentials credentials(KafkaRole role) {
        Credentials c = byRole.get(role);
        if (c == null) {
            throw new BadConfigurationException("Kafka principals file " + file + " has no " + role.key()
                    + ".username and " + role.key() + ".password, which this command needs");
        }
        return c;
    }

    /**
     * Client settings that authenticate as {@code role}: {@code base} (TLS settings, another mechanism)
     * with the role's user name and password, over SASL_PLAINTEXT with SCRAM-SHA-512 unless
     * {@code base} says otherwise.
     */
    public Map<String, String> clientSecurity(KafkaRole role, Map<String, String> base) {
        Credentials c = credentials(role);
        Map<String, String> settings = new HashMap<>(base);
        settings.putIfAbsent(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        settings.putIfAbsent(SaslConfigs.SASL_MECHANISM, DEFAULT_MECHANISM);
        String mechanism = settings.get(SaslConfigs.SASL_MECHANISM);
        String loginModule = switch (mechanism) {
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new BadConfigurationException("Kafka principals carry user names and passwords, for"
                    + " sasl.mechanism SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN, not " + mechanism);
        };
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, loginModule + " required username=\"" + c.username()
                + "\" password=\"" + c.password() + "\";");
        return settings;
    }

    private static void generate(Path file) {
        StringBuilder text = new StringBuilder()
                .append("# Kafka principals of the loyalty system, one user name and password per role\n")
                .append("# (docs/security.md). Generated on ").append(Instant.now()).append(". Keep this file secret.\n");
        for (KafkaRole role : KafkaRole.values()) {
            text.append(role.key()).append(".username=").append(role.defaultUsername()).append('\n')
                    .append(role.key()).append(".password=").append(randomPassword()).append('\n');
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path created = parent.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createFile(file);
            Files.writeString(created, text, StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            // Written by someone else in the meantime: theirs is read.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka principals file " + file, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A quote or backslash would end or escape the JAAS string the value is put into. */
    private static void requireJaasSafe(Path file, String key, String value) {
        if (value.contains("\"") || value.contains("\\")) {
            throw new BadConfigurationException("Kafka principals file " + file + ": " + key
                    + " may not contain '\"' or '\\'");
        }
    }
}
