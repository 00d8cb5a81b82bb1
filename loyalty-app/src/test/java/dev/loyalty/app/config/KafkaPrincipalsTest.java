package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The principals file: each role's user name and password, and the client settings that log in as it. */
class KafkaPrincipalsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsGeneratedWithEveryRoleARandomPasswordAndOnlyItsOwnerMayReadIt() throws IOException {
        Path file = dir.resolve("secrets").resolve("kafka-principals.properties");

        KafkaPrincipals first = KafkaPrincipals.loadOrGenerate(file);
        KafkaPrincipals again = KafkaPrincipals.loadOrGenerate(file);

        assertThat(first.credentials(KafkaRole.PUBLISHER).username()).isEqualTo("loyalty-publisher");
        assertThat(first.credentials(KafkaRole.OPERATOR).username()).isEqualTo("loyalty-operator");
        Set<String> passwords = first.all().stream().map(KafkaPrincipals.Credentials::password).collect(Collectors.toSet());
        assertThat(passwords).hasSize(KafkaRole.values().length).allMatch(p -> p.length() >= 32);
        assertThat(again.all()).isEqualTo(first.all());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aClientLogsInAsItsRoleWithScramOverSaslPlaintextUnlessTheSecuritySettingsSayOtherwise() throws IOException {
        KafkaPrincipals principals = KafkaPrincipals.load(write("publisher.username=pos\npublisher.password=s3cret\n"));

        assertThat(principals.clientSecurity(KafkaRole.PUBLISHER, Map.of())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"pos\" password=\"s3cret\";"));
        assertThat(principals.clientSecurity(KafkaRole.PUBLISHER, Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "ssl.truststore.location", "/etc/ts.jks")))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"pos\" password=\"s3cret\";");
    }

    @Test
    void aFileMayNameOnlyTheRolesItsHolderPlaysAndAVerbNeedingAnotherOneSaysWhichLineIsMissing() throws IOException {
        Path file = write("publisher.username=pos\npublisher.password=s3cret\n");
        KafkaPrincipals principals = KafkaPrincipals.load(file);

        assertThatThrownBy(() -> principals.credentials(KafkaRole.OPERATOR))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessage("Kafka principals file " + file + " has no operator.username and operator.password, which"
                        + " this command needs");
    }

    @Test
    void mistakesInTheFileAreRefusedWithTheLineToFix() throws IOException {
        assertThatThrownBy(() -> KafkaPrincipals.load(write("publisher.user=pos\n")))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("unknown line 'publisher.user'");
        assertThatThrownBy(() -> KafkaPrincipals.load(write("writer.username=w\n")))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("writer needs both writer.username and writer.password");
        assertThatThrownBy(() -> KafkaPrincipals.load(write("writer.username=w\nwriter.password=a\"b\n")))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("writer.password may not contain");
        assertThatThrownBy(() -> KafkaPrincipals.load(write("writer.username=w\nwriter.password=a\n"
                + "projections.username=w\nprojections.password=b\n")))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("user w has two different passwords");
        assertThatThrownBy(() -> KafkaPrincipals.load(dir.resolve("absent.properties")))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("does not exist");
    }

    @Test
    void runSecureKeepsGeneratedPrincipalsUnderTheDataDirectoryAndOnlyForTheEmbeddedBroker() {
        Map<Setting, Object> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.SECURE, true);
        flags.put(Setting.DATA_DIR, dir);

        RunSettings secure = RunSettings.resolve(flags, ConfigSources.load(null, Map.of()));

        assertThat(secure.secure()).isTrue();
        assertThat(secure.kafkaPrincipals()).contains(dir.resolve("kafka-principals.properties"));
        assertThat(RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of())).kafkaPrincipals()).isEmpty();
        flags.put(Setting.BOOTSTRAP_SERVERS, "kafka1:9092");
        assertThatThrownBy(() -> RunSettings.resolve(flags, ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("--secure secures the embedded broker");
    }

    @Test
    void theVerbsFindThePrincipalsFileByFlagEnvironmentOrPropertiesFile() throws IOException {
        Path principals = write("operator.username=ops\noperator.password=pw\n");

        ConfigSources fromEnv = ConfigSources.load(null, Map.of("LOYALTY_KAFKA_PRINCIPALS", principals.toString()));

        assertThat(fromEnv.principals(null).orElseThrow().credentials(KafkaRole.OPERATOR).username()).isEqualTo("ops");
        assertThat(ConfigSources.load(null, Map.of()).principals(null)).isEmpty();
        assertThatThrownBy(() -> fromEnv.principals(dir.resolve("flag.properties")))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("flag.properties does not exist");
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "principals", ".properties");
        Files.writeString(file, text);
        return file;
    }
}
