package dev.loyalty.app.runtime;

import dev.loyalty.http.Readiness;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ready once the ledger writer and the projections both do their part on this instance
 * ({@link OwnPart}): running, which Kafka Streams allows only after their stores are restored, or
 * holding no active task here, so that every query is forwarded to the instance holding the
 * customer. From then on the projections answer queries. Ready as long as
 * both still process; a later rebalance does not count against it, since queries are answered
 * through it (from this instance's stores, marked stale when they may lag, or by the owner).
 * Degraded while the Kafka cluster does not answer: queries are answered, nothing moves.
 */
final class SystemReadiness implements Readiness {

    private final KafkaStreams writer;
    private final Supplier<KafkaStreams> projections;
    private final CompletableFuture<Void> bothReady;
    private final Supplier<Optional<Duration>> kafkaUnreachableFor;

    /**
     * @param projections the serving generation's client, which a replay replaces
     * @param bothReady completes when the writer and the projections both did their part
     * @param kafkaUnreachableFor how long the Kafka cluster has not answered, when it does not
     */
    SystemReadiness(KafkaStreams writer, Supplier<KafkaStreams> projections, CompletableFuture<Void> bothReady,
                    Supplier<Optional<Duration>> kafkaUnreachableFor) {
        this.writer = writer;
        this.projections = projections;
        this.bothReady = bothReady;
        this.kafkaUnreachableFor = kafkaUnreachableFor;
    }

    @Override
    public Optional<String> notReadyBecause() {
        KafkaStreams.State writerState = writer.state();
        KafkaStreams.State projectionsState = projections.get().state();
        if (!bothReady.isDone()) {
            return Optional.of("starting: the ledger writer is " + writerState + ", the projections are "
                    + projectionsState + "; ready when both run with their stores restored, or hold no active"
                    + " task here");
        }
        if (!processing(writerState)) {
            return Optional.of("the ledger writer is " + writerState);
        }
        if (!processing(projectionsState)) {
            return Optional.of("the projections are " + projectionsState);
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> degradedBecause() {
        return kafkaUnreachableFor.get().map(d -> "the Kafka cluster has not answered for " + d.toSeconds()
                + " s: queries are answered from this instance's stores, which do not change meanwhile; POST /events"
                + " answers 503; processing resumes on its own once the cluster answers");
    }

    private static boolean processing(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }
}
