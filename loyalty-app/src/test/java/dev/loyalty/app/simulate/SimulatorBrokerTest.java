package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.core.program.Program;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

class SimulatorBrokerTest {

    private static final String TOPIC = "loyalty.events";
    private static final int PARTITIONS = 3;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeAll
    static void quietBroker() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    }

    @Test
    @Timeout(120)
    void publishesEveryEventAndOneClockTickPerPartitionToARealBroker() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start();
             Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();

            Properties client = new Properties();
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            SimulationSummary summary;
            try (Simulator simulator = new Simulator(client, TOPIC)) {
                summary = simulator.run(TrafficModel.accelerated(42, 200, START, Program.defaults()),
                        new RunPlan(START.plus(Duration.ofDays(365)), 2_000, null, 0), ProgressReporter.silent());
            }

            assertThat(summary.failed()).isZero();
            assertThat(summary.sent()).isEqualTo(2_000 + PARTITIONS);
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p))
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            long records = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(info -> info.offset()).sum();
            assertThat(records).isEqualTo(2_000 + PARTITIONS);
        }
    }
}
