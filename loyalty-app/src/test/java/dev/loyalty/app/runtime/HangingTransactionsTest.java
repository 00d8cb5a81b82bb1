package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.runtime.HangingTransactions.OpenTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which open transactions no coordinator will end, and ending one, on a real broker. */
class HangingTransactionsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final long NOW = 1_000_000;

    private static KafkaTestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestCluster.start();
        admin = cluster.adminWithTopics("open-tx");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        admin.close();
        cluster.close();
    }

    private static OpenTransaction openOn(TopicPartition partition, long producerId, long lastWriteMs) {
        return new OpenTransaction(partition, producerId, 3, 1, 42, lastWriteMs);
    }

    @Test
    void aTransactionYoungerThanAnyTransactionMayLastIsNotHanging() {
        OpenTransaction young = openOn(P0, 7, NOW - MAX.toMillis() + 1);

        assertThat(HangingTransactions.hanging(List.of(young), Map.of(), NOW, MAX)).isEmpty();
    }

    @Test
    void anOldTransactionOnAPartitionItsCoordinatorListsIsNotHanging() {
        OpenTransaction old = openOn(P0, 7, NOW - MAX.toMillis() - 1);

        assertThat(HangingTransactions.hanging(List.of(old), Map.of(7L, Set.of(P0, P1)), NOW, MAX)).isEmpty();
    }

    @Test
    void anOldTransactionOnAPartitionItsCoordinatorDoesNotListIsHanging() {
        OpenTransaction onP0 = openOn(P0, 7, NOW - MAX.toMillis() - 1);
        OpenTransaction unknownProducer = openOn(P1, 8, NOW - MAX.toMillis() - 1);

        assertThat(HangingTransactions.hanging(List.of(onP0, unknownProducer), Map.of(7L, Set.of(P1)), NOW, MAX))
                .containsExactly(onP0, unknownProducer);
    }

    @Test
    void aLiveTransactionIsSeenOpenIsNotHangingAndAnAbortEndsIt() throws Exception {
        TopicPartition partition = new TopicPartition("open-tx", 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "open-tx-producer"), new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(partition.topic(), 0, "k", "v")).get();
            HangingTransactions transactions = new HangingTransactions(admin, Duration.ZERO);

            List<OpenTransaction> open = transactions.open(List.of(partition));
            assertThat(open).singleElement().satisfies(t -> {
                assertThat(t.partition()).isEqualTo(partition);
                assertThat(t.startOffset()).isZero();
            });
            // Old enough for any bound, but its coordinator will end it: not hanging.
            assertThat(transactions.find(List.of(partition), System.currentTimeMillis() + 1)).isEmpty();
            assertThat(lastStableOffset(partition)).isZero();

            transactions.abort(open.get(0));

            assertThat(transactions.open(List.of(partition))).isEmpty();
            // The abort marker follows the record: read_committed readers get past both.
            assertThat(lastStableOffset(partition)).isEqualTo(2);
        }
    }

    private static long lastStableOffset(TopicPartition partition) throws Exception {
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .partitionResult(partition).get().offset();
    }
}
