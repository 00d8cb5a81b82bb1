package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.Events;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only broker stopped under load for longer than a Kafka Streams transaction may last, then
 * started again: the system waits, says it is degraded, refuses publishing with 503 rather than
 * hanging, answers queries throughout, and resumes on its own with every event applied once.
 */
class BrokerOutageSystemTest {

    /** Longer than the 10 s exactly-once transaction timeout, so open transactions are aborted meanwhile. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theSystemWaitsForTheBrokerAndResumesWithEveryEventOnce() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start()) {
            Topics topics = new Topics("outage.");
            RunSettings settings = new RunSettings(Optional.of(cluster.bootstrapServers()), RunSettings.DEFAULT_KAFKA_PORT,
                    dir, 0, 3, Optional.empty(), topics, Program.defaults(), "loyalty-outage", Optional.empty(), true,
                    Map.of(), InputLimits.defaults(), HttpAccess.loopback(), LedgerKeys.NONE);
            try (LoyaltySystem system = LoyaltySystem.start(settings);
                 PurchaseLoad load = new PurchaseLoad(cluster.bootstrapServers(), topics, system.httpPort())) {
                system.ready().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                load.seed();
                load.start();
                Thread.sleep(2_000);

                int broker = cluster.brokerIds().iterator().next();
                long stoppedAt = System.nanoTime();
                cluster.stopBroker(broker);
                awaitReadiness(load, "DEGRADED");
                long publishStarted = System.nanoTime();
                HttpResponse<String> refused = load.post("/events", Events.purchase("during-outage", "c-0", "o-outage", "5.00"));
                assertThat(Duration.ofNanos(System.nanoTime() - publishStarted)).as("POST /events answers")
                        .isLessThan(Duration.ofSeconds(15));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
                cluster.startBroker(broker);

                awaitReadiness(load, "UP");
                // The publisher retries as 503 asks; the event may have reached the topic already: it counts once.
                assertThat(load.post("/events", Events.purchase("during-outage", "c-0", "o-outage", "5.00")).statusCode())
                        .isEqualTo(202);
                load.expect("during-outage");
                Thread.sleep(3_000);
                load.stopAndAssertEveryPurchaseEarnedOnce();

                assertThat(system.failed()).as("the writer and the projections never stopped").isNotDone();
                assertThat(load.answers).as("balance answers by status; failures " + load.failedAnswers)
                        .containsOnlyKeys(200);
                assertThat(load.readiness).as("readiness answers").containsKeys("200 UP", "200 DEGRADED")
                        .doesNotContainKey("503 DOWN");
            }
        }
    }

    private static void awaitReadiness(PurchaseLoad load, String status) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!load.get("/health/ready").body().contains("\"status\":\"" + status + "\"")) {
            assertThat(System.nanoTime()).as("readiness " + status).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
