package dev.loyalty.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.Role;
import dev.loyalty.http.TlsKeystore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutAnyConfiguration() {
        RunSettings s = RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of()));

        assertThat(s.externalBootstrapServers()).isEmpty();
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.partitions()).isEqualTo(6);
        assertThat(s.replicationFactor()).isEmpty();
        assertThat(s.topics()).isEqualTo(Topics.defaults());
        assertThat(s.applicationId()).isEqualTo("loyalty-ledger-writer");
        assertThat(s.repartition()).isTrue();
        assertThat(s.clientSecurity()).isEmpty();
        assertThat(s.inputLimits()).isEqualTo(InputLimits.defaults());
        assertThat(s.inputLimits().simulatedTime()).isFalse();
    }

    @Test
    void oneStandbyCopyWhenOtherInstancesReachThisOneNoneForALoneInstanceOrAsConfigured() {
        ConfigSources none = ConfigSources.load(null, Map.of());
        assertThat(RunSettings.resolve(Map.of(), none).standbyReplicas()).isZero();
        assertThat(RunSettings.resolve(Map.of(Setting.APPLICATION_SERVER, "app-1:8080"), none).standbyReplicas())
                .isEqualTo(1);
        assertThat(RunSettings.resolve(Map.of(Setting.APPLICATION_SERVER, "app-1:8080"),
                ConfigSources.load(null, Map.of("LOYALTY_STANDBY_REPLICAS", "0"))).standbyReplicas()).isZero();
        assertThat(RunSettings.resolve(Map.of(Setting.STANDBY_REPLICAS, 2), none).standbyReplicas()).isEqualTo(2);
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.STANDBY_REPLICAS, -1), none))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("--standby-replicas");
    }

    @Test
    void inputBoundsAndSimulatedTimeComeFromEveryUsualSource() throws IOException {
        Path file = write("max.future.skew=90s\nmax.event.bytes=1000\n");
        RunSettings s = RunSettings.resolve(Map.of(Setting.MAX_EVENT_BYTES, 2048),
                ConfigSources.load(file, Map.of("LOYALTY_SIMULATED_TIME", "true")));

        assertThat(s.inputLimits()).isEqualTo(new InputLimits(2048, Duration.ofSeconds(90), true));
        assertThat(RunSettings.resolve(Map.of(Setting.MAX_FUTURE_SKEW, "PT2M"), ConfigSources.load(null, Map.of()))
                .inputLimits().maxFutureSkew()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void inputBoundsOutOfRangeAreRefusedNamingTheSource() {
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.MAX_EVENT_BYTES, 2_000_000),
                ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("--max-event-bytes");
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(null,
                Map.of("LOYALTY_MAX_FUTURE_SKEW", "soon"))))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("LOYALTY_MAX_FUTURE_SKEW");
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = write("http.port=7001\npartitions=3\ntopic.prefix=file.\nbootstrap.servers=file:9092\n");
        Map<String, String> env = Map.of("LOYALTY_HTTP_PORT", "7002", "LOYALTY_PARTITIONS", "4");

        RunSettings s = RunSettings.resolve(Map.of(Setting.HTTP_PORT, 7003), ConfigSources.load(file, env));

        assertThat(s.httpPort()).isEqualTo(7003);
        assertThat(s.partitions()).isEqualTo(4);
        assertThat(s.topics().prefix()).isEqualTo("file.");
        assertThat(s.externalBootstrapServers()).contains("file:9092");
    }

    @Test
    void theConfigFileCanBeNamedByTheEnvironment() throws IOException {
        Path file = write("data.dir=/var/lib/loyalty\nrepartition=false\n");

        RunSettings s = RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of("LOYALTY_CONFIG", file.toString())));

        assertThat(s.dataDir()).isEqualTo(Path.of("/var/lib/loyalty"));
        assertThat(s.repartition()).isFalse();
    }

    @Test
    void kafkaClientSecurityPassesThroughFromFileAndEnvironment() throws IOException {
        Path file = write("security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n");
        Map<String, String> env = Map.of(
                "LOYALTY_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "LOYALTY_KAFKA_SASL_MECHANISM", "PLAIN",
                "LOYALTY_KAFKA_PORT", "9093");

        RunSettings s = RunSettings.resolve(Map.of(), ConfigSources.load(file, env));

        assertThat(s.clientSecurity()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "ssl.truststore.location", "/etc/ts.jks",
                "sasl.mechanism", "PLAIN"));
        assertThat(s.kafkaPort()).isEqualTo(9093);
        assertThat(KafkaConnection.resolve(null, null, ConfigSources.load(file, env)).clientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "localhost:9093");
    }

    @Test
    void aBadValueIsReportedWithWhereItCameFrom() throws IOException {
        Path file = write("partitions=many\n");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(file, Map.of())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessage("partitions in " + file + ": a whole number from 1 to 10000, got 'many'");
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of("LOYALTY_HTTP_PORT", "70000"))))
                .hasMessage("LOYALTY_HTTP_PORT: a port number from 0 (any free port) to 65535, got '70000'");
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.BOOTSTRAP_SERVERS, "no-port"),
                ConfigSources.load(null, Map.of())))
                .hasMessage("--bootstrap-servers: a comma-separated list of host:port, got 'no-port'");
    }

    @Test
    void anUnknownKeyInTheFileIsAnErrorNotASilentDefault() throws IOException {
        Path file = write("http.prot=8081\n");

        assertThatThrownBy(() -> ConfigSources.load(file, Map.of()))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageStartingWith("unknown setting 'http.prot' in " + file);
    }

    @Test
    void moreReplicasThanTheEmbeddedBrokerCanHoldIsRefused() {
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.REPLICATION_FACTOR, 3), ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("single node");
        RunSettings cluster = RunSettings.resolve(Map.of(Setting.REPLICATION_FACTOR, 3, Setting.BOOTSTRAP_SERVERS, "k1:9092,k2:9092"),
                ConfigSources.load(null, Map.of()));
        assertThat(cluster.replicationFactor()).isEqualTo(Optional.of((short) 3));
    }

    @Test
    void httpListensOnLoopbackWithoutTokensByDefault() {
        RunSettings s = RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of()));

        assertThat(s.httpAccess().host()).isEqualTo("127.0.0.1");
        assertThat(s.httpAccess().tokens().enabled()).isFalse();
        assertThat(s.httpAccess().tls()).isEmpty();
    }

    @Test
    void aNonLoopbackHostNeedsTokensOrAnonymousAccessAskedFor() throws IOException {
        Path tokens = dir.resolve("http-tokens");
        Files.writeString(tokens, AccessTokens.line("secret", EnumSet.of(Role.READ)) + "\n");
        Map<String, String> env = Map.of("LOYALTY_HTTP_HOST", "0.0.0.0");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(null, env)))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("--http-allow-anonymous");
        assertThat(RunSettings.resolve(Map.of(Setting.HTTP_TOKENS, tokens), ConfigSources.load(null, env))
                .httpAccess().tokens().rolesOf("secret")).contains(EnumSet.of(Role.READ));
        assertThat(RunSettings.resolve(Map.of(Setting.HTTP_ALLOW_ANONYMOUS, true), ConfigSources.load(null, env))
                .httpAccess().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void aTokensFileThatIsNotHashesAndRolesIsRefusedWithItsLine() throws IOException {
        Path tokens = write("http.tokens=" + dir.resolve("http-tokens") + "\n");
        Files.writeString(dir.resolve("http-tokens"), "# tokens\nplain-secret read\n");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(tokens, Map.of())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("http-tokens line 2: expected '<sha256 hex> <role>[,<role>...]'");
    }

    @Test
    void aTlsKeystoreNeedsItsPassword() throws IOException {
        Path keystore = Files.writeString(dir.resolve("http.p12"), "not read here");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.HTTP_TLS_KEYSTORE, keystore),
                ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class).hasMessageContaining("LOYALTY_HTTP_TLS_KEYSTORE_PASSWORD");
        RunSettings s = RunSettings.resolve(Map.of(Setting.HTTP_TLS_KEYSTORE, keystore),
                ConfigSources.load(null, Map.of("LOYALTY_HTTP_TLS_KEYSTORE_PASSWORD", "pw")));
        assertThat(s.httpAccess().tls()).contains(new TlsKeystore(keystore, "pw"));
        assertThat(s.httpAccess().scheme()).isEqualTo("https");
    }

    @Test
    void aBadProgramFileIsABadConfigurationNamingTheProblem() throws IOException {
        Path program = write("{\"version\":\"v2\",\"pointsPerUnit\":-1}");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.PROGRAM, program), ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("--program")
                .hasMessageContaining("pointsPerUnit");
    }

    @Test
    void theLedgerKeyFileComesFromTheFlagTheEnvironmentOrTheFile() throws IOException {
        Path keys = write("# newest first\nk2=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n"
                + "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        Path file = write("ledger.key.file=" + keys + "\n");

        assertThat(RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of())).ledgerKeys().isEmpty()).isTrue();
        assertThat(RunSettings.resolve(Map.of(), ConfigSources.load(file, Map.of())).ledgerKeys().signingKeyId())
                .isEqualTo("k2");
        assertThat(RunSettings.resolve(Map.of(), ConfigSources.load(null, Map.of("LOYALTY_LEDGER_KEY_FILE",
                keys.toString()))).ledgerKeys().signingKeyId()).isEqualTo("k2");
        assertThat(RunSettings.resolve(Map.of(Setting.LEDGER_KEY_FILE, keys), ConfigSources.load(null,
                Map.of("LOYALTY_LEDGER_KEY_FILE", "/nowhere"))).ledgerKeys().signingKeyId()).isEqualTo("k2");
    }

    @Test
    void aBadLedgerKeyFileStopsTheCommandNamingWhereAndWhy() throws IOException {
        Path weak = write("k1=c2hvcnQ=\n");

        assertThatThrownBy(() -> RunSettings.resolve(Map.of(Setting.LEDGER_KEY_FILE, weak), ConfigSources.load(null, Map.of())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessage("--ledger-key-file: ledger key file " + weak + ": line 1: key k1 has 5 bytes; at least 32"
                        + " random bytes are needed");
        assertThatThrownBy(() -> RunSettings.resolve(Map.of(), ConfigSources.load(null,
                Map.of("LOYALTY_LEDGER_KEY_FILE", dir.resolve("missing").toString()))))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageStartingWith("LOYALTY_LEDGER_KEY_FILE: cannot read ledger key file " + dir.resolve("missing"));
    }

    @Test
    void kafkaAndKafkaStreamsSettingsPassThroughUnderTheirPrefixTheEnvironmentOverridingTheFile() throws IOException {
        Path file = write("streams.num.stream.threads=2\nstreams.producer.linger.ms=20\n"
                + "kafka.client.dns.lookup=use_all_dns_ips\nkafka.port=9093\n");
        Map<String, String> env = Map.of("LOYALTY_STREAMS_NUM_STREAM_THREADS", "3",
                "LOYALTY_STREAMS_COMMIT_INTERVAL_MS", "500", "LOYALTY_KAFKA_METADATA_MAX_AGE_MS", "60000");

        RunSettings s = RunSettings.resolve(Map.of(), ConfigSources.load(file, env));

        assertThat(s.streamsConfig()).containsExactlyInAnyOrderEntriesOf(Map.of("num.stream.threads", "3",
                "producer.linger.ms", "20", "commit.interval.ms", "500"));
        assertThat(s.clientSecurity()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "client.dns.lookup", "use_all_dns_ips", "metadata.max.age.ms", "60000"));
        assertThat(s.kafkaPort()).isEqualTo(9093);
    }

    @Test
    void aPassedThroughNameKafkaDoesNotKnowOrASettingTheSystemDecidesStopsTheStart() throws IOException {
        Path typo = write("streams.num.stream.thread=2\n");
        Path guarantee = write("streams.processing.guarantee=at_least_once\n");
        Path servers = write("kafka.bootstrap.servers=kafka:9092\n");

        assertThatThrownBy(() -> ConfigSources.load(typo, Map.of())).isInstanceOf(BadConfigurationException.class)
                .hasMessage("streams.num.stream.thread in " + typo + ": num.stream.thread is not a Kafka Streams setting");
        assertThatThrownBy(() -> ConfigSources.load(guarantee, Map.of())).hasMessage("streams.processing.guarantee in "
                + guarantee + ": processing.guarantee is set by the system: the ledger is right only with exactly_once_v2");
        assertThatThrownBy(() -> ConfigSources.load(servers, Map.of())).hasMessage("kafka.bootstrap.servers in "
                + servers + ": bootstrap.servers is set by the system: use bootstrap.servers (--bootstrap-servers)");
    }

    @Test
    void eachLoyaltyVariableTheApplicationDoesNotReadGetsOneWarning() {
        Map<String, String> env = Map.of("LOYALTY_HTTP_PROT", "8081", "LOYALTY_STREAMS_NUM_THREADS", "2",
                "LOYALTY_STREAMS_APPLICATION_ID", "x", "LOYALTY_HTTP_PORT", "8081", "LOYALTY_JAVA_OPTS", "-Xmx1g",
                "LOYALTY_KAFKA_SECURITY_PROTOCOL", "SSL", "LOYALTY_KAFKA_PORT", "9093", "LOYALTY_CONFIG", "x.properties",
                "PATH", "/usr/bin");

        assertThat(ConfigSources.variableWarnings(env)).containsExactly(
                "ignoring LOYALTY_HTTP_PROT: not a setting (docs/configuration.md lists them)",
                "ignoring LOYALTY_STREAMS_APPLICATION_ID: application.id is set by the system: use application.id"
                        + " (--application-id)",
                "ignoring LOYALTY_STREAMS_NUM_THREADS: num.threads is not a Kafka Streams setting");
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "settings", ".properties");
        Files.writeString(file, content);
        return file;
    }
}
