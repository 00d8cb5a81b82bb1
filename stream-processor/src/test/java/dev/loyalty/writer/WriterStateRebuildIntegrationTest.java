package dev.loyalty.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.core.account.Decider;
import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.LedgerSeal;
import java.math.BigDecimal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker: the writer loses its local state and its changelog topics, is rebuilt from the
 * ledger alone, and goes on exactly: seq continues, balances and lots are right, and events applied
 * before the loss are not applied again.
 */
class WriterStateRebuildIntegrationTest {

    private static final String APP = "rebuild-test-writer";
    private static final Topics TOPICS = Topics.defaults();
    private static final LedgerSeal SEAL = new LedgerSeal(
            LedgerKeys.parse("k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
    private static KafkaClusterTestKit cluster;

    @TempDir
    Path stateRoot;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(TOPICS.all().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        cluster.close();
    }

    private static Properties clientConfig() {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrapServers());
        return p;
    }

    @Test
    void theWriterRebuiltFromTheLedgerContinuesExactly() throws Exception {
        Instant t = Instant.now().minus(Duration.ofDays(1));
        List<String[]> before = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            String id = "c-" + c;
            before.add(new String[] {id, Events.purchase("p1-" + c, id, t, "o1-" + c, "600.00")});
            before.add(new String[] {id, Events.redeemReward("r1-" + c, id, t, "free-coffee")});
            before.add(new String[] {id, Events.refund("x1-" + c, id, t, "o1-" + c, "150.00")});
        }
        WriterOptions options = WriterOptions.defaults(Program.defaults()).withSeal(SEAL);
        KafkaStreams first = startWriter(options, stateRoot.resolve("first"));
        try {
            publish(before);
            awaitLedger(5 * 4);
        } finally {
            stop(first);
        }
        try (Admin admin = Admin.create(clientConfig())) {
            List<String> changelogs = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(APP + "-") && n.endsWith("-changelog")).toList();
            assertThat(changelogs).hasSize(3);
            assertThatThrownBy(() -> new WriterStateRebuild(clientConfig(), APP, options).run(Instant.now(), n -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("still holds state");
            admin.deleteTopics(changelogs).all().get();
            awaitDeleted(admin, changelogs);
        }

        WriterStateRebuild.Result rebuilt = new WriterStateRebuild(clientConfig(), APP, options).run(Instant.now(), n -> { });
        assertThat(rebuilt.entries()).isEqualTo(20);
        assertThat(rebuilt.customers()).isEqualTo(5);

        List<String[]> after = new ArrayList<>();
        for (int c = 0; c < 5; c++) {
            String id = "c-" + c;
            after.add(before.get(c * 3));
            after.add(before.get(c * 3 + 1));
            after.add(new String[] {id, Events.purchase("p2-" + c, id, t, "o2-" + c, "10.00")});
            after.add(new String[] {id, Events.refund("x2-" + c, id, t, "o1-" + c, "450.00")});
        }
        KafkaStreams second = startWriter(options, stateRoot.resolve("second"));
        try {
            publish(after);
            awaitLedger(5 * 6);
        } finally {
            stop(second);
        }

        List<LedgerEntry> ledger = readLedger();
        // The rebuilt accounts remember each customer's last hash: the chain and its macs go on unbroken.
        InvariantChecker checker = new InvariantChecker("MEMBER", SEAL);
        ledger.forEach(e -> checker.accept(LedgerRecord.parse(e.toJson()), -1));
        assertThat(checker.violations()).isEmpty();
        Map<String, List<LedgerEntry>> byCustomer = ledger.stream().collect(Collectors.groupingBy(LedgerEntry::customerId));
        for (List<LedgerEntry> entries : byCustomer.values()) {
            assertThat(entries).extracting(LedgerEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            assertThat(entries).extracting(LedgerEntry::kind).containsExactly(EntryKind.EARNED, EntryKind.TIER_CHANGED,
                    EntryKind.REDEEMED, EntryKind.CLAWED_BACK, EntryKind.EARNED, EntryKind.CLAWED_BACK);
            // 600 earned, 50 redeemed, 150 clawed back, 10.00 at SILVER x1.25 (the tier survived the rebuild),
            // then the rest of the 600 (450) clawed back into debt
            assertThat(entries).extracting(LedgerEntry::balanceAfter).containsExactly(600L, 600L, 550L, 400L, 412L, -38L);
            assertThat(entries.get(4).tier()).isEqualTo("SILVER");
            assertThat(entries.get(5).detail().debtIncurred()).isEqualTo(38);
        }
    }

    @Test
    void aTamperedLedgerIsRefusedAndNothingIsWritten() throws Exception {
        Topics topics = new Topics("tampered.");
        String app = "tampered-writer";
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topics.events(), 3, (short) 1),
                    new NewTopic(topics.ledger(), 3, (short) 1))).all().get();
        }
        Decider decider = new Decider(Program.defaults(), SEAL);
        Instant t = Instant.parse("2026-04-01T10:00:00Z");
        List<LedgerEntry> genuine = decider.decide(decider.newAccount("c-1", Instant.EPOCH),
                new Purchase("p1", "c-1", t, null, "o1", new BigDecimal("20.00"), "USD", List.of()), t, t).entries();
        // A plain producer appends what only the writer may write: 1,000,000 points for a new customer.
        LedgerEntry forged = new Decider(Program.defaults()).decide(decider.newAccount("c-9", Instant.EPOCH),
                new Adjustment("f1", "c-9", t, null, 1_000_000, "forged", null), t, t).entries().get(0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(clientConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (LedgerEntry e : List.of(genuine.get(0), forged)) {
                producer.send(new ProducerRecord<>(topics.ledger(), e.customerId(), e.toJson())).get();
            }
        }

        WriterOptions options = WriterOptions.defaults(Program.defaults()).withTopics(topics).withSeal(SEAL);
        assertThatThrownBy(() -> new WriterStateRebuild(clientConfig(), app, options).run(Instant.now(), n -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tampered ledger: customer c-9 seq 1")
                .hasMessageContaining("carries no mac");
        try (Admin admin = Admin.create(clientConfig());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clientConfig(), new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            String accounts = WriterStateRebuild.changelogTopic(app, AccountStore.ACCOUNTS);
            List<TopicPartition> parts = admin.describeTopics(List.of(accounts)).allTopicNames().get().get(accounts)
                    .partitions().stream().map(p -> new TopicPartition(accounts, p.partition())).toList();
            assertThat(consumer.endOffsets(parts).values()).containsOnly(0L);
        }
    }

    private KafkaStreams startWriter(WriterOptions options, Path stateDir) throws Exception {
        Files.createDirectories(stateDir);
        Properties props = LedgerWriterTopology.requiredStreamsConfig(options);
        props.putAll(clientConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(LedgerWriterTopology.build(options), props);
        streams.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("writer did not start: " + streams.state());
            }
            Thread.sleep(100);
        }
        return streams;
    }

    /** Leaves the group on the way out, so the next start needs no session timeout to take over. */
    private static void stop(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    private void publish(List<String[]> events) throws Exception {
        Properties p = clientConfig();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String[] e : events) {
                producer.send(new ProducerRecord<>(TOPICS.events(), e[0], e[1])).get();
            }
        }
    }

    private void awaitLedger(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (readLedger().size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("ledger has " + readLedger().size() + " entries, expected " + count);
            }
            Thread.sleep(250);
        }
    }

    private static void awaitDeleted(Admin admin, List<String> topics) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (admin.listTopics().names().get().stream().anyMatch(topics::contains)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("topics not deleted: " + topics);
            }
            Thread.sleep(100);
        }
    }

    private List<LedgerEntry> readLedger() {
        Properties p = clientConfig();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<LedgerEntry> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(TOPICS.ledger()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(LedgerEntry.fromJson(r.value()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(LedgerEntry::customerId).thenComparingLong(LedgerEntry::seq));
        return out;
    }
}
