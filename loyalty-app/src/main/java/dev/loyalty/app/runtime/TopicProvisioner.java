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
     */
    private static void awaitLeaders(Admin admin, List<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                boolean ready = admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                        .values().stream().flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null);
                if (ready) {
                    return;
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

    /** How many partitions {@code topic} has, whoever created it. */
    public static int partitionCount(Admin admin, String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .get(topic).partitions().size();
                } catch (ExecutionException e) {
                    // A topic just created reaches every broker's metadata a moment later: ask again meanwhile.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic " + topic, e);
        }
    }

    /** Returns the names of the topics it created. */
    public static List<String> ensureTopics(Admin admin, Topics topics, int partitions, Optional<Short> replicationFactor) {
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
            awaitLeaders(admin, topics.all());
            return created;
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
