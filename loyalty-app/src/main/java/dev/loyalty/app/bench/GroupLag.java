package dev.loyalty.app.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group (a Kafka Streams application) is behind on some topics: the way to tell
 * from outside that an application has applied everything published.
 */
final class GroupLag {

    private final Admin admin;

    GroupLag(Admin admin) {
        this.admin = admin;
    }

    /** Records in {@code topics} the group has not committed yet; transaction markers count as read. */
    long behind(String group, List<String> topics) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            long at = c == null ? 0 : c.offset();
            // A committed position may sit one past the last record, on a transaction marker.
            behind += Math.max(0, end.getValue() - at - 1);
        }
        return behind;
    }

    /** Waits until the group has applied all of {@code topics}; polls every {@code pollMs}. */
    void awaitCaughtUp(String group, List<String> topics, long timeoutMs) throws ExecutionException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (behind(group, topics) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(group + " did not catch up on " + topics + " within " + timeoutMs + " ms");
            }
            Thread.sleep(50);
        }
    }
}
