package dev.loyalty.app;

import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real one-node Kafka cluster (KRaft, broker and controller combined) in the test JVM. */
public final class KafkaTestCluster implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaTestCluster start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.num.partitions", "6")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaTestCluster(kit);
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /**
     * Shuts the cluster down, waiting at most a minute: {@link KafkaClusterTestKit#close()} waits
     * without limit and once hung a loaded build. A hang fails with the stack where shutdown stuck.
     */
    @Override
    public void close() throws Exception {
        FutureTask<Void> closing = new FutureTask<>(() -> {
            kit.close();
            return null;
        });
        Thread closer = new Thread(closing, "kafka-test-cluster-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closing.get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            IllegalStateException hung = new IllegalStateException(
                    "the test Kafka cluster did not shut down within " + CLOSE_TIMEOUT.toSeconds() + " s; stuck at:");
            hung.setStackTrace(closer.getStackTrace());
            throw hung;
        }
    }
}
