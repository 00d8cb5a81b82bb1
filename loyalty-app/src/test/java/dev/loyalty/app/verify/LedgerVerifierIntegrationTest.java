package dev.loyalty.app.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify against a real broker: a clean ledger passes, a planted bad entry is named by customer and seq. */
class LedgerVerifierIntegrationTest {

    private static KafkaTestCluster cluster;
    private static final Instant T = Instant.parse("2026-04-01T10:00:00Z");

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        cluster.close();
    }

    private static Properties config() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        return p;
    }

    /** A realistic ledger made by the domain code itself: purchases and redemptions for a few customers. */
    private static List<LedgerEntry> cleanLedger() {
        return cleanLedger(LedgerSeal.UNKEYED);
    }

    private static List<LedgerEntry> cleanLedger(LedgerSeal seal) {
        Decider decider = new Decider(Program.defaults(), seal);
        List<LedgerEntry> entries = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            String id = "c-" + c;
            Account account = decider.newAccount(id, Instant.EPOCH);
            for (int i = 0; i < 5; i++) {
                Instant at = T.plus(Duration.ofDays(i));
                Decision d = decider.decide(account, new Purchase(id + "-p" + i, id, at, null, "o" + i,
                        new BigDecimal("150.00"), "USD", List.of()), at, at);
                entries.addAll(d.entries());
                account = d.after();
                d = decider.decide(account, new Redemption(id + "-r" + i, id, at, null, "free-coffee", null, null), at, at);
                entries.addAll(d.entries());
                account = d.after();
            }
        }
        return entries;
    }

    private static void publish(String topic, List<LedgerEntry> entries) throws Exception {
        publishRecords(topic, entries.stream().map(LedgerEntry::toJson).toList());
    }

    /** Each record keyed by its customerId, as a plain producer would send it. */
    private static void publishRecords(String topic, List<byte[]> records) throws Exception {
        try (Admin admin = Admin.create(config())) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Properties producerConfig = config();
        // Right after the topic is created the broker may refuse the first batch (NOT_LEADER_OR_FOLLOWER); with
        // several batches in flight the idempotent producer then retried the later ones with
        // OUT_OF_ORDER_SEQUENCE_NUMBER until they expired. One batch in flight keeps retries in order.
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer())) {
            for (byte[] record : records) {
                String customerId = Json.MAPPER.readTree(record).path("customerId").asText();
                sends.add(producer.send(new ProducerRecord<>(topic, customerId, record)));
            }
        }
        // Closing the producer completed every send; one that failed after its retries must stop the test
        // here with its cause, not surface later as a ledger shorter than expected.
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
    }

    @Test
    void aCleanLedgerPasses() throws Exception {
        List<LedgerEntry> entries = cleanLedger();
        publish("clean.ledger", entries);

        LedgerVerifier.Report report = new LedgerVerifier(config(), new Topics("clean."), Program.defaults(), LedgerSeal.UNKEYED, null)
                .verify(Progress.silent());

        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.entries()).isEqualTo(entries.size());
        assertThat(report.customers()).isEqualTo(20);
        assertThat(report.summary()).contains("all invariants hold");
    }

    @Test
    void theVerifyVerbFindsTheClusterAndTheLedgerThroughTheConfigFile(@TempDir Path dir) throws Exception {
        List<LedgerEntry> entries = cleanLedger();
        publish("configured.ledger", entries);
        Path config = dir.resolve("loyalty.properties");
        Files.writeString(config, "bootstrap.servers=" + cluster.bootstrapServers() + "\ntopic.prefix=configured.\n");
        StringWriter out = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                "verify", "--skip-views", "--config", config.toString());

        assertThat(exit).isZero();
        assertThat(out.toString().strip()).isEqualTo(
                new LedgerVerifier.Report(entries.size(), 20, List.of(), 0).summary());
    }

    @Test
    void withTheViewsUnreachableVerifyStopsWithOneLineAndExitTwo() throws Exception {
        publish("noviews.ledger", cleanLedger());
        String viewsUrl = "http://127.0.0.1:" + FreeLocalPort.find();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "verify",
                "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "noviews.", "--views-url", viewsUrl);

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly("verify: the query API at " + viewsUrl
                + " is unreachable (connection refused): start the system, give its URL with --views-url, or check the"
                + " ledger alone with --skip-views");
    }

    @Test
    void withTheBrokerUnreachableVerifyNamesTheAddressInOneLineAndExitsTwo() {
        String bootstrap = "localhost:" + FreeLocalPort.find();
        StringWriter err = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "verify",
                "--bootstrap-servers", bootstrap, "--skip-views");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).containsExactly("verify: cannot reach Kafka at " + bootstrap
                + ": no answer within 10 s (is ./loyalty run up, and is this its Kafka port? --bootstrap-servers,"
                + " --kafka-port)");
    }

    @Test
    void aPlantedBadEntryIsReportedWithItsCustomerAndSeq() throws Exception {
        List<LedgerEntry> entries = new ArrayList<>(cleanLedger());
        LedgerEntry good = entries.stream().filter(e -> e.customerId().equals("c-7") && e.seq() == 4).findFirst().orElseThrow();
        int at = entries.indexOf(good);
        entries.set(at, new LedgerEntry(good.entryId(), good.customerId(), good.seq(), good.kind(), good.points(),
                good.balanceAfter() + 5, good.sourceEventId(), good.occurredAt(), good.recordedAt(), good.tier(),
                good.previousTier(), good.qualifyingSpend(), good.lot(), good.consumed(), good.detail(), good.programVersion()));
        // A writer defect, not tampering: the writer would have sealed the wrong entry and chained the next ones to it.
        String previous = entries.get(at - 1).hash();
        for (int i = at; i < entries.size(); i++) {
            if (entries.get(i).customerId().equals("c-7")) {
                entries.set(i, LedgerSeal.UNKEYED.seal(previous, entries.get(i)).entry());
                previous = entries.get(i).hash();
            }
        }
        publish("planted.ledger", entries);

        LedgerVerifier.Report report = new LedgerVerifier(config(), new Topics("planted."), Program.defaults(), LedgerSeal.UNKEYED, null)
                .verify(Progress.silent());

        assertThat(report.ok()).isFalse();
        assertThat(report.discrepancies()).isNotEmpty();
        assertThat(report.discrepancies().get(0)).startsWith("c-7 seq 4 [balance-chain]");
        assertThat(report.summary()).contains("discrepancies");
    }

    @Test
    void withoutTheKeyVerifyChecksTheChainAndSaysMacsWereNotChecked() throws Exception {
        List<LedgerEntry> entries = cleanLedger(new LedgerSeal(LedgerKeys.parse(
                "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")));
        publish("keyed.ledger", entries);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "verify",
                "--skip-views", "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "keyed.");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("all invariants hold");
        assertThat(err.toString()).contains("no ledger key given: hash chains are checked, macs are not");
    }

    @Test
    void aForgedAnAlteredAndARemovedEntryAreEachReportedAsTampered(@TempDir Path dir) throws Exception {
        String key = "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        Path keyFile = dir.resolve("ledger.keys");
        Files.writeString(keyFile, key + "\n");
        List<LedgerEntry> entries = new ArrayList<>(cleanLedger(new LedgerSeal(LedgerKeys.parse(key))));
        // Removed: c-5's third entry is not on the topic.
        entries.removeIf(e -> e.entryId().equals("c-5:3"));
        List<byte[]> records = new ArrayList<>(entries.stream().map(LedgerEntry::toJson).toList());
        // Forged by a plain producer: 1,000,000 points for new customers, one as plain JSON, one with the
        // chain computed right (anyone can) but no mac (only the writer has the key).
        Instant t = T.plus(Duration.ofDays(10));
        Decider keyless = new Decider(Program.defaults());
        LedgerEntry forged = keyless.decide(keyless.newAccount("c-99", Instant.EPOCH),
                new Adjustment("f-1", "c-99", t, null, 1_000_000, "forged", null), t, t).entries().get(0);
        records.add(forged.toJson());
        records.add(("{\"entryId\":\"c-98:1\",\"customerId\":\"c-98\",\"seq\":1,\"kind\":\"ADJUSTED\","
                + "\"points\":1000000,\"balanceAfter\":1000000,\"sourceEventId\":\"f-2\","
                + "\"occurredAt\":\"2026-04-11T10:00:00Z\",\"recordedAt\":\"2026-04-11T10:00:00Z\",\"tier\":\"MEMBER\","
                + "\"detail\":{\"reason\":\"forged\"},\"programVersion\":\"default-1\"}").getBytes(StandardCharsets.UTF_8));
        // Altered: c-3's second entry written again with other points, its hash and mac copied.
        LedgerEntry second = entries.stream().filter(e -> e.entryId().equals("c-3:2")).findFirst().orElseThrow();
        records.add(new String(second.toJson(), StandardCharsets.UTF_8)
                .replace("\"points\":" + second.points() + ",", "\"points\":-1,").getBytes(StandardCharsets.UTF_8));
        publishRecords("tamper.ledger", records);
        StringWriter out = new StringWriter();

        int exit = LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "verify",
                "--skip-views", "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "tamper.",
                "--ledger-key-file", keyFile.toString());

        assertThat(exit).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("c-99 seq 1 [tampered]: carries no mac"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("c-98 seq 1 [tampered]: carries no hash"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("c-3 seq 2 [tampered]: hash does not chain"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("c-5 seq 4 [tampered]: hash does not chain to seq 2"));
        // Nothing but tampering is reported: the entries left out are not folded into the other checks.
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(l).contains("[tampered]"));
        assertThat(lines.get(lines.size() - 1)).endsWith(lines.size() - 1 + " discrepancies");
    }
}
