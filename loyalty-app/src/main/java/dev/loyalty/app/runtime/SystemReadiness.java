package dev.loyalty.app.runtime;

import dev.loyalty.http.Readiness;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Ready once the ledger writer and the projections have both run, which Kafka Streams allows only
 * after their stores are restored: from then on the projections answer queries. Ready as long as
 * both still process; a later rebalance does not count against it, since queries are answered
 * through it (from this instance's stores, marked stale when they may lag, or by the owner).
 */
final class SystemReadiness implements Readiness {

    private final KafkaStreams writer;
    private final Supplier<KafkaStreams> projections;
    private final CompletableFuture<Void> bothRan;

    /**
     * @param projections the serving generation's client, which a replay replaces
     * @param bothRan completes when the writer and the projections ran at the same time
     */
    SystemReadiness(KafkaStreams writer, Supplier<KafkaStreams> projections, CompletableFuture<Void> bothRan) {
        this.writer = writer;
        this.projections = projections;
        this.bothRan = bothRan;
    }

    @Override
    public Optional<String> notReadyBecause() {
        KafkaStreams.State writerState = writer.state();
        KafkaStreams.State projectionsState = projections.get().state();
        if (!bothRan.isDone()) {
            return Optional.of("starting: the ledger writer is " + writerState + ", the projections are "
                    + projectionsState + "; ready when both run with their stores restored");
        }
        if (!processing(writerState)) {
            return Optional.of("the ledger writer is " + writerState);
        }
        if (!processing(projectionsState)) {
            return Optional.of("the projections are " + projectionsState);
        }
        return Optional.empty();
    }

    private static boolean processing(KafkaStreams.State state) {
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }
}
