package dev.loyalty.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster (KRaft) in the test JVM: one node, broker and controller combined, or several
 * brokers with their own controller; a broker can be stopped and started again.
 */
public final class KafkaTestCluster implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaTestCluster start() throws Exception {
        return start(true, 1, 1, 1);
    }

    /**
     * {@code brokers} brokers and a controller of their own, so a stopped broker takes no controller
     * with it. Kafka's internal topics have three replicas, two of them needed for a write.
     */
    public static KafkaTestCluster startBrokers(int brokers) throws Exception {
        return start(false, brokers, 3, 2);
    }

    /** {@code replicas} and {@code minInSync} for Kafka's internal topics (offsets and transactions). */
    private static KafkaTestCluster start(boolean combined, int brokers, int replicas, int minInSync) throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(combined)
                .setNumBrokerNodes(brokers)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", String.valueOf(replicas))
                .setConfigProp("transaction.state.log.replication.factor", String.valueOf(replicas))
                .setConfigProp("transaction.state.log.min.isr", String.valueOf(minInSync))
                .setConfigProp("offsets.topic.num.partitions", "6")
                .setConfigProp("transaction.state.log.num.partitions", "6")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaTestCluster(kit);
    }

    /** The node ids of the brokers. */
    public Set<Integer> brokerIds() {
        return kit.brokers().keySet();
    }

    /** Stops a broker (a controlled shutdown); its log stays for {@link #startBroker(int)}. */
    public void stopBroker(int id) {
        kit.brokers().get(id).shutdown();
        kit.brokers().get(id).awaitShutdown();
    }

    public void startBroker(int id) {
        kit.brokers().get(id).startup();
    }

    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /** An admin client of the cluster, with the topics {@code topics} (one partition each) created; the caller closes it. */
    public Admin adminWithTopics(String... topics) throws Exception {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        return admin;
    }

    /** A producer of input events as a point of sale sends them: customer keys, raw values; the caller closes it. */
    public KafkaProducer<String, byte[]> eventProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
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
