package dev.loyalty.app.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, asked every {@link #PROBE_INTERVAL}. Kafka Streams does not say:
 * while the brokers are away its applications stay {@code RUNNING} and wait, so readiness asks here.
 */
final class KafkaReachability implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final Clock clock;
    private final ScheduledExecutorService probes;
    /** Since when the cluster has not answered; null while it does. Written by the probe thread only. */
    private volatile Instant unreachableSince;

    /** @param adminConfig client settings of a principal that may describe the cluster */
    KafkaReachability(Map<String, Object> adminConfig, Clock clock) {
        this.admin = Admin.create(adminConfig);
        this.clock = clock;
        this.probes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-reachability");
            t.setDaemon(true);
            return t;
        });
        probes.scheduleWithFixedDelay(this::probe, 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How long the cluster has not answered, when it does not. */
    Optional<Duration> unreachableFor() {
        return Optional.ofNullable(unreachableSince).map(since -> Duration.between(since, clock.instant()));
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get();
        } catch (ExecutionException e) {
            // A refusal is an answer: whether this principal may ask is not what is asked here.
            if (!(e.getCause() instanceof AuthorizationException)) {
                if (unreachableSince == null) {
                    unreachableSince = clock.instant();
                    LOG.warn("the Kafka cluster does not answer ({}): waiting for it", e.getCause().toString());
                }
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (unreachableSince != null) {
            LOG.info("the Kafka cluster answers again after {} s", Duration.between(unreachableSince, clock.instant())
                    .toSeconds());
            unreachableSince = null;
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
