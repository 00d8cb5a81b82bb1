package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system on three brokers with {@code --replication-factor 3}: every topic it creates, Kafka
 * Streams' internal ones too, has three replicas and needs two for a write; one broker stopped under
 * load loses and doubles nothing, and queries keep being answered.
 */
class ThreeBrokerClusterTest {

    private static final String APPLICATION_ID = "loyalty-three";

    @TempDir
    Path dir;

    @Test
    void oneBrokerOfThreeStoppedUnderLoadLosesNothing() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.startBrokers(3)) {
            Topics topics = new Topics("three.");
            RunSettings settings = new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT,
                    dir, 0, 3, Optional.of((short) 3), topics, Program.defaults(), APPLICATION_ID, Optional.empty(), true,
                    Map.of(), InputLimits.defaults(), HttpAccess.loopback(), LedgerKeys.NONE);
            try (LoyaltySystem system = LoyaltySystem.start(settings);
                 PurchaseLoad load = new PurchaseLoad(cluster.bootstrapServers(), topics, system.httpPort());
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                system.ready().get(60, TimeUnit.SECONDS);
                load.seed();
                assertEveryTopicOfTheSystemHasThreeReplicasNeedsTwoAndBoundedSegments(admin, topics);

                load.start();
                Thread.sleep(2_000);
                // The broker leading the ledger's first partition: the ledger must move to another leader.
                int leader = admin.describeTopics(List.of(topics.ledger())).allTopicNames().get().get(topics.ledger())
                        .partitions().get(0).leader().id();
                cluster.stopBroker(leader);
                Thread.sleep(8_000);
                load.stopAndAssertEveryPurchaseEarnedOnce();

                assertThat(system.failed()).as("the writer and the projections never stopped").isNotDone();
                assertThat(load.answers).as("balance answers by status; failures " + load.failedAnswers)
                        .containsOnlyKeys(200);
            }
        }
    }

    private static void assertEveryTopicOfTheSystemHasThreeReplicasNeedsTwoAndBoundedSegments(Admin admin, Topics topics)
            throws Exception {
        List<String> created = admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(topics.prefix()) || name.startsWith(APPLICATION_ID)).toList();
        assertThat(created).as("the system's topics and the internal ones of both applications")
                .contains(topics.ledger(), topics.events())
                .anyMatch(name -> name.startsWith(APPLICATION_ID + "-writer") && name.endsWith("-changelog"))
                .anyMatch(name -> name.startsWith(APPLICATION_ID + "-projections") && name.endsWith("-changelog"));
        for (TopicDescription topic : admin.describeTopics(created).allTopicNames().get().values()) {
            assertThat(topic.partitions()).as(topic.name()).allMatch(p -> p.replicas().size() == 3);
        }
        Map<ConfigResource, Config> configs = admin.describeConfigs(created.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
        configs.forEach((topic, config) -> assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())
                .as(topic.name()).isEqualTo("2"));
        // A changelog is compacted only once its segment rolls: a restore after a crash stays bounded.
        configs.entrySet().stream().filter(topic -> topic.getKey().name().endsWith("-changelog"))
                .forEach(topic -> assertThat(topic.getValue().get(TopicConfig.SEGMENT_MS_CONFIG).value())
                        .as(topic.getKey().name()).isEqualTo("600000"));
    }
}
