package dev.loyalty.app.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the system does not become ready, looks for hanging transactions on its topics every so often
 * and aborts them ({@link HangingTransactions}): one would otherwise hold a restore, and the start, for
 * good. Nothing is asked of the cluster when the system becomes ready in time, as it does.
 */
final class HangingTransactionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactionWatch.class);
    /** A start takes seconds: one still going after this long may be held. */
    private static final Duration FIRST_CHECK_AFTER = Duration.ofSeconds(30);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);
    /** Longer than any transaction of the system may last: 10 s live, 60 s while a replay catches up. */
    private static final Duration MAX_TRANSACTION_DURATION = Duration.ofMinutes(2);
    private static final long TIMEOUT_SECONDS = 30;

    private final Map<String, Object> adminConfig;
    private final Predicate<String> ours;
    private final CompletableFuture<Void> ready;
    private final Clock clock;
    private final ScheduledExecutorService checks;

    /**
     * @param adminConfig client settings of a principal that may describe the topics and write transaction markers
     * @param ours which topics are the system's (its own, the applications' internal ones)
     * @param ready completes when the system is ready: the checks stop then
     */
    HangingTransactionWatch(Map<String, Object> adminConfig, Predicate<String> ours, CompletableFuture<Void> ready,
                            Clock clock) {
        this.adminConfig = adminConfig;
        this.ours = ours;
        this.ready = ready;
        this.clock = clock;
        this.checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanging-transactions");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::checkUnlessReady, FIRST_CHECK_AFTER.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        ready.whenComplete((ok, failure) -> checks.shutdownNow());
    }

    private void checkUnlessReady() {
        if (ready.isDone()) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig)) {
            HangingTransactions transactions = new HangingTransactions(admin, MAX_TRANSACTION_DURATION);
            for (HangingTransactions.OpenTransaction t : transactions.find(partitions(admin), clock.millis())) {
                LOG.warn("a transaction of producer {} (epoch {}) has been open on {} since offset {} and no "
                                + "coordinator will end it: it holds every read_committed reader of the partition; "
                                + "aborting it", t.producerId(), t.producerEpoch(), t.partition(), t.startOffset());
                transactions.abort(t);
                LOG.warn("aborted the hanging transaction on {}", t.partition());
            }
        } catch (ExecutionException e) {
            LOG.warn("cannot check for hanging transactions: {} (kafka-transactions.sh find-hanging does it by hand)",
                    e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.warn("cannot check for hanging transactions: the cluster did not answer within {} s", TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<TopicPartition> partitions(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        List<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream().filter(ours).toList();
        return admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
