package dev.loyalty.app.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * Transactions left open on a partition that no transaction coordinator will end. One holds the
 * partition's last stable offset where it began, so every {@code read_committed} reader of the
 * partition (a restore, the projections, a consumer) waits behind it for good: seen once in ten
 * crashes of the one-process system, whose broker a crash restarts too (docs/runtime.md). The
 * check is Kafka's own {@code kafka-transactions.sh find-hanging}: a transaction open longer than any
 * transaction may last, on a partition its coordinator does not list as part of a transaction of
 * that producer. Ending one is an abort marker on that partition (KIP-664): what was written in it
 * never counts, as for any aborted transaction.
 */
final class HangingTransactions {

    private static final long TIMEOUT_SECONDS = 30;

    /** A transaction open on {@code partition} since {@code startOffset}, as the partition's leader sees it. */
    record OpenTransaction(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch,
                           long startOffset, long lastWriteMs) {

        AbortTransactionSpec abortSpec() {
            // A producer's first transaction has no coordinator epoch yet (-1): 0 is at most any real one.
            return new AbortTransactionSpec(partition, producerId, (short) producerEpoch, Math.max(coordinatorEpoch, 0));
        }
    }

    private final Admin admin;
    private final Duration maxTransactionDuration;

    /** @param maxTransactionDuration the longest any producer's transaction may last (its transaction timeout) */
    HangingTransactions(Admin admin, Duration maxTransactionDuration) {
        this.admin = admin;
        this.maxTransactionDuration = maxTransactionDuration;
    }

    /**
     * The open transactions of {@code open} that no coordinator will end: older than any transaction may
     * last, and on a partition that the coordinator of their producer's transactional id does not list
     * (or the producer has no transactional id any more).
     *
     * @param pendingPartitions by producer id, the partitions its coordinator still has to end a
     *     transaction on; producers the coordinators do not know are absent
     */
    static List<OpenTransaction> hanging(Collection<OpenTransaction> open, Map<Long, Set<TopicPartition>> pendingPartitions,
                                         long nowMs, Duration maxTransactionDuration) {
        return open.stream()
                .filter(t -> openTooLong(t, nowMs, maxTransactionDuration))
                .filter(t -> !pendingPartitions.getOrDefault(t.producerId(), Set.of()).contains(t.partition()))
                .toList();
    }

    private static boolean openTooLong(OpenTransaction t, long nowMs, Duration maxTransactionDuration) {
        return nowMs - t.lastWriteMs() > maxTransactionDuration.toMillis();
    }

    /** The hanging transactions on {@code partitions}, as their leaders and the coordinators see them now. */
    List<OpenTransaction> find(Collection<TopicPartition> partitions, long nowMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        // Only the transactions open too long are worth asking their coordinators about.
        List<OpenTransaction> old = open(partitions).stream()
                .filter(t -> openTooLong(t, nowMs, maxTransactionDuration))
                .toList();
        if (old.isEmpty()) {
            return List.of();
        }
        return hanging(old, pendingPartitions(old.stream().map(OpenTransaction::producerId).collect(Collectors.toSet())),
                nowMs, maxTransactionDuration);
    }

    /** Every transaction open on {@code partitions}, as their leaders see them. */
    List<OpenTransaction> open(Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<OpenTransaction> open = new ArrayList<>();
        admin.describeProducers(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, state) -> state.activeProducers().forEach(p -> p.currentTransactionStartOffset()
                        .ifPresent(start -> open.add(new OpenTransaction(partition, p.producerId(), p.producerEpoch(),
                                p.coordinatorEpoch().orElse(-1), start, p.lastTimestamp())))));
        return open;
    }

    /** Writes an abort marker for {@code transaction} on its partition. */
    void abort(OpenTransaction transaction) throws ExecutionException, InterruptedException, TimeoutException {
        admin.abortTransaction(transaction.abortSpec()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Map<Long, Set<TopicPartition>> pendingPartitions(Set<Long> producerIds)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Long> producerByTransactionalId = admin.listTransactions(
                        new ListTransactionsOptions().filterProducerIds(producerIds))
                .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .filter(listing -> producerIds.contains(listing.producerId()))
                .collect(Collectors.toMap(TransactionListing::transactionalId, TransactionListing::producerId));
        Map<Long, Set<TopicPartition>> pending = new HashMap<>();
        var descriptions = admin.describeTransactions(producerByTransactionalId.keySet());
        for (var entry : producerByTransactionalId.entrySet()) {
            try {
                TransactionDescription description = descriptions.description(entry.getKey())
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                pending.put(entry.getValue(), description.topicPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                    throw e;
                }
            }
        }
        return pending;
    }
}
