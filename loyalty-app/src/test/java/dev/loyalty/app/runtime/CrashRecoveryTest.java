package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a crashed process leaves in its groups on a real broker, cleared by the clients its restart creates. */
class CrashRecoveryTest {

    private static KafkaTestCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = KafkaTestCluster.start();
        admin = cluster.adminWithTopics("crash-in");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        admin.close();
        cluster.close();
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
        try (Admin streamsAdmin = restarted.getAdmin(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            restarted.getConsumer(mainConsumer).close();
            restarted.leaveGroup("crash-group");
        }

        assertThat(members("crash-group")).isEmpty();
    }

    private static List<String> members(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                .map(m -> m.groupInstanceId().orElse(m.consumerId())).toList();
    }
}
