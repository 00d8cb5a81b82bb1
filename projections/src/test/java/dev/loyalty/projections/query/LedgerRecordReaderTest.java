package dev.loyalty.projections.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.projections.LedgerScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ledger records read back at their offsets from a real single-node broker in this JVM. */
class LedgerRecordReaderTest {

    private static KafkaClusterTestKit cluster;
    private static KafkaProducer<String, byte[]> producer;
    private final LedgerScript script = new LedgerScript(Program.defaults());
    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        producer.close();
        cluster.close();
    }

    /** An entry as written to the ledger, and where. */
    private record Written(LedgerEntry entry, byte[] value, long offset) {
        LedgerRecordReader.Position position() {
            return new LedgerRecordReader.Position(entry.seq(), offset);
        }
    }

    private static String createLedger(String name) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        }
        return name;
    }

    private static List<Written> write(String ledger, List<LedgerEntry> entries) throws Exception {
        List<Written> written = new ArrayList<>();
        for (LedgerEntry e : entries) {
            byte[] value = e.toJson();
            long offset = producer.send(new ProducerRecord<>(ledger, e.customerId(), value)).get().offset();
            written.add(new Written(e, value, offset));
        }
        return written;
    }

    private LedgerRecordReader reader(String ledger) {
        return new LedgerRecordReader(ledger, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()));
    }

    @Test
    void theRecordsAtTheOffsetsAreReturnedAsWrittenInTheOrderAsked() throws Exception {
        String ledger = createLedger("read.loyalty.ledger");
        List<Written> alice = new ArrayList<>(write(ledger, script.purchase("alice", "o-1", "600.00", now)));
        write(ledger, script.purchase("bob", "o-2", "10.00", now));
        alice.addAll(write(ledger, script.redeem("alice", 100, now.plusSeconds(1))));
        assertThat(alice).hasSizeGreaterThan(2);

        try (LedgerRecordReader reader = reader(ledger)) {
            for (int round = 0; round < 2; round++) {
                List<byte[]> read = reader.read("alice", 0, alice.stream().map(Written::position).toList());
                assertThat(read).containsExactlyElementsOf(alice.stream().map(Written::value).toList());
            }
            assertThat(reader.read("alice", 0, List.of(alice.get(2).position(), alice.get(0).position())))
                    .containsExactly(alice.get(2).value(), alice.get(0).value());
        }
    }

    @Test
    void anOffsetHoldingAnotherEntryIsUnavailableRatherThanServed() throws Exception {
        String ledger = createLedger("other.loyalty.ledger");
        List<Written> alice = write(ledger, script.purchase("alice", "o-1", "600.00", now));
        List<Written> bob = write(ledger, script.purchase("bob", "o-2", "10.00", now));

        try (LedgerRecordReader reader = reader(ledger)) {
            // Bob's entry where alice's was: a ledger recreated under the same name.
            LedgerRecordReader.Position elsewhere = new LedgerRecordReader.Position(1, bob.get(0).offset());
            assertThatThrownBy(() -> reader.read("alice", 0, List.of(alice.get(0).position(), elsewhere)))
                    .isInstanceOf(ProjectionReader.Unavailable.class).hasMessageContaining("alice");
            // Alice's entry, but of another seq.
            LedgerRecordReader.Position otherSeq = new LedgerRecordReader.Position(7, alice.get(0).offset());
            assertThatThrownBy(() -> reader.read("alice", 0, List.of(otherSeq)))
                    .isInstanceOf(ProjectionReader.Unavailable.class);
        }
    }

    @Test
    void anOffsetTheLedgerNoLongerHoldsIsUnavailable() throws Exception {
        String ledger = createLedger("deleted.loyalty.ledger");
        List<Written> alice = write(ledger, script.purchase("alice", "o-1", "600.00", now));
        write(ledger, script.purchase("bob", "o-2", "10.00", now));
        try (Admin admin = cluster.admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(ledger, 0),
                    RecordsToDelete.beforeOffset(alice.get(alice.size() - 1).offset() + 1))).all().get();
        }

        try (LedgerRecordReader reader = reader(ledger)) {
            assertThatThrownBy(() -> reader.read("alice", 0, List.of(alice.get(0).position())))
                    .isInstanceOf(ProjectionReader.Unavailable.class);
        }
    }
}
