package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a crashed process leaves on a real broker, cleared by the clients its restart creates. */
class CrashRecoveryTest {

    private static final Duration LEFT_OPEN_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaTestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestCluster.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("crash-out", 1, (short) 1), new NewTopic("crash-in", 1, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        admin.close();
        cluster.close();
    }

    @Test
    void aTransactionTheCrashedProcessLeftOpenIsAbortedAtOnceNotWhenItTimesOut() throws Exception {
        Map<String, Object> streamsProducer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-app-process-1",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) LEFT_OPEN_TIMEOUT.toMillis());
        KafkaProducer<byte[], byte[]> crashed = new KafkaProducer<>(streamsProducer, new ByteArraySerializer(),
                new ByteArraySerializer());
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(new ProducerRecord<>("crash-out", "left open".getBytes())).get();
        TopicPartition out = new TopicPartition("crash-out", 0);
        try (KafkaConsumer<byte[], byte[]> readCommitted = readCommitted()) {
            assertThat(readCommitted.endOffsets(Set.of(out)).get(out)).as("held back by the open transaction").isZero();

            CrashRecovery.RecordingClients restarted = new CrashRecovery.RecordingClients();
            restarted.getProducer(streamsProducer).close();
            restarted.abortOpenTransactions("crash-app");

            long deadline = System.nanoTime() + LEFT_OPEN_TIMEOUT.dividedBy(2).toNanos();
            while (readCommitted.endOffsets(Set.of(out)).get(out) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(readCommitted.endOffsets(Set.of(out)).get(out)).as("past the aborted transaction").isEqualTo(2);
        } finally {
            crashed.close(Duration.ZERO);
        }
    }

    @Test
    void theCrashedProcessesStaticMembersLeaveTheGroup() throws Exception {
        Map<String, Object> mainConsumer = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "crash-group",
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "crash-instance-1");
        // A static member stays in its group when it stops without leaving, as after a crash.
        try (KafkaConsumer<byte[], byte[]> crashed = new KafkaConsumer<>(mainConsumer, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            crashed.subscribe(List.of("crash-in"));
            while (crashed.assignment().isEmpty()) {
                crashed.poll(Duration.ofMillis(100));
            }
        }
        assertThat(members("crash-group")).containsExactly("crash-instance-1");

        CrashRecovery.RecordingClients restarted = new CrashRecovery.RecordingClients();
        restarted.getAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers())).close();
        restarted.getConsumer(mainConsumer).close();
        assertThat(restarted.leaveGroup("crash-group")).as("the coordinator answered").isTrue();

        assertThat(members("crash-group")).isEmpty();
    }

    private static List<String> members(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                .map(m -> m.groupInstanceId().orElse(m.consumerId())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> readCommitted() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
