package dev.loyalty.app.runtime;

import dev.loyalty.core.topic.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics of SPEC section 1 that do not exist yet. Existing topics are left exactly as
 * they are: an operator may have tuned them.
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 60;

    private TopicProvisioner() {
    }

    /**
     * A topic just created is known to the controller before every broker can serve it; applications
     * started in that moment find their source topics missing and stop. So wait until every
     * partition has a leader.
     *
     * @return each topic's partition count
     */
    private static Map<String, Integer> awaitLeaders(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (described.values().stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null)) {
                    Map<String, Integer> partitions = new HashMap<>();
                    described.forEach((name, d) -> partitions.put(name, d.partitions().size()));
                    return partitions;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " have no leader after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    /**
     * A majority of the replicas must have a write before it counts (with {@code acks=all}, as the
     * system's producers use): 2 of 3, so one broker may be lost without losing or refusing a write.
     */
    static int minInSyncReplicas(short replicationFactor) {
        return replicationFactor / 2 + 1;
    }

    /** The system's topics once each has a leader: which of them this start created, and how many partitions each has. */
    public record Provisioned(List<String> created, Map<String, Integer> partitions) {
    }

    /** Creates the missing topics and waits for every partition's leader; the counts are the topics' own, whoever created them. */
    public static Provisioned ensureTopics(Admin admin, Topics topics, int partitions, Optional<Short> replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (!existing.contains(name)) {
                    Map<String, String> configs = new HashMap<>();
                    replicationFactor.ifPresent(r -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                            String.valueOf(minInSyncReplicas(r))));
                    int topicPartitions = partitions;
                    if (name.equals(topics.program())) {
                        // A handful of versions, read whole by every instance: one partition, each version kept.
                        topicPartitions = 1;
                        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    } else if (name.equals(topics.ledger())) {
                        // The ledger is the truth: kept forever, never compacted.
                        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
                        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
                    }
                    missing.add(new NewTopic(name, Optional.of(topicPartitions), replicationFactor).configs(configs));
                }
            }
            List<String> created = new ArrayList<>();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return new Provisioned(created, awaitLeaders(admin, topics.all()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics of the Kafka cluster (is it running and reachable?): "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka cluster did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
