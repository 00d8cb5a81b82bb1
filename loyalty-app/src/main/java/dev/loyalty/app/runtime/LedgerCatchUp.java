package dev.loyalty.app.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group has read the ledger: its committed offsets against the ledger's committed
 * end (read_committed, as the projections read). Asked repeatedly; the group has caught up once its
 * committed offsets reach the end measured at the previous call, which converges while live traffic
 * keeps moving the end.
 */
final class LedgerCatchUp {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final String ledgerTopic;
    private final String groupId;
    private Map<TopicPartition, Long> previousEnd;

    LedgerCatchUp(Admin admin, String ledgerTopic, String groupId) {
        this.admin = admin;
        this.ledgerTopic = ledgerTopic;
        this.groupId = groupId;
    }

    record Measure(long read, long total, boolean caughtUp) {
    }

    Measure measure() throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(ledgerTopic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(ledgerTopic).partitions().stream()
                .map(p -> new TopicPartition(ledgerTopic, p.partition())).toList();
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long read = 0;
        long total = 0;
        boolean caughtUp = previousEnd != null;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            long position = c == null ? start.get(tp) : c.offset();
            read += Math.max(0, Math.min(position, end.get(tp)) - start.get(tp));
            total += end.get(tp) - start.get(tp);
            if (caughtUp) {
                caughtUp = reached(c, start.get(tp), previousEnd.getOrDefault(tp, end.get(tp)));
            }
        }
        previousEnd = end;
        return new Measure(read, total, caughtUp);
    }

    /**
     * A transaction's commit marker takes the last offset of a partition without being a record to
     * read, so a group that read everything may have committed one less than the end.
     */
    private static boolean reached(OffsetAndMetadata committed, long start, long end) {
        if (committed == null) {
            return start == end;
        }
        return committed.offset() >= end - 1;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
