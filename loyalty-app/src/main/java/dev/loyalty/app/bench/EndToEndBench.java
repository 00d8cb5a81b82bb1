package dev.loyalty.app.bench;

import dev.loyalty.app.config.RunSettings;
import dev.loyalty.app.runtime.LoyaltySystem;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The whole system (writer, projections, HTTP API, exactly-once) on the bench broker, as
 * {@code ./loyalty run --bootstrap-servers} runs it: throughput from the first event published to the
 * last ledger entry and view update applied, then latency from publish to the balance visible over
 * HTTP at a steady rate.
 */
final class EndToEndBench implements AutoCloseable {

    private static final String APP_ID = "bench-e2e-writer";
    private static final String PROJECTIONS_ID = APP_ID + "-projections";
    private static final long CATCH_UP_TIMEOUT_MS = 600_000;

    private final Properties clientConfig;
    private final Topics topics = new Topics("bench-e2e.");
    private final LoyaltySystem system;
    private final Path dataDir;

    EndToEndBench(String bootstrapServers, Properties clientConfig, int partitions, Program program, Path dataDir)
            throws Exception {
        this.clientConfig = clientConfig;
        this.dataDir = dataDir;
        RunSettings settings = new RunSettings(Optional.of(bootstrapServers), 0, dataDir, 0, partitions,
                Optional.empty(), topics, program, APP_ID, Optional.empty(), true, Map.of(),
                // the bench replays simulated days of traffic in minutes
                InputLimits.defaults().withSimulatedTime(true), HttpAccess.loopback(), LedgerKeys.NONE);
        system = LoyaltySystem.start(settings);
        system.ready().get(120, TimeUnit.SECONDS);
    }

    /** Publishes {@code events} as fast as the broker takes them; returns events/s until all is applied. */
    double throughput(List<BenchEvent> events) throws Exception {
        long start = System.nanoTime();
        new TopicLoader(clientConfig).load(topics.events(), events);
        awaitApplied();
        return events.size() / ((System.nanoTime() - start) / 1e9);
    }

    private void awaitApplied() throws Exception {
        try (Admin admin = Admin.create(clientConfig)) {
            GroupLag lag = new GroupLag(admin);
            lag.awaitCaughtUp(APP_ID, List.of(topics.events(), APP_ID + "-events-by-customer-repartition"),
                    CATCH_UP_TIMEOUT_MS);
            lag.awaitCaughtUp(PROJECTIONS_ID, List.of(topics.ledger()), CATCH_UP_TIMEOUT_MS);
        }
    }

    /** Latencies in ms from publishing a new customer's purchase to its balance answered over HTTP. */
    List<Double> latency(List<BenchEvent> background, double eventsPerSec, Duration duration) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);
        Phaser pending = new Phaser(1);
        TopicLoader loader = new TopicLoader(clientConfig);
        long intervalNanos = (long) (1e9 / eventsPerSec);
        long end = System.nanoTime() + duration.toNanos();
        int probes = 0;
        try (KafkaProducer<byte[], byte[]> producer = loader.producer()) {
            long next = System.nanoTime();
            int i = 0;
            while (System.nanoTime() < end) {
                if (i % 50 == 0) {
                    String customer = "probe-" + probes++;
                    long sentAt = System.nanoTime();
                    producer.send(new ProducerRecord<>(topics.events(), customer.getBytes(StandardCharsets.UTF_8),
                            probePurchase(customer)));
                    pending.register();
                    watch(http, pollers, customer, sentAt, latencies, pending);
                } else {
                    BenchEvent e = background.get(i % background.size());
                    producer.send(new ProducerRecord<>(topics.events(), e.key(), e.value()));
                }
                i++;
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        // Every probe's watch ends, seen or given up; only then may the pollers stop.
        pending.awaitAdvanceInterruptibly(pending.arriveAndDeregister(), 30, TimeUnit.SECONDS);
        pollers.shutdown();
        if (latencies.size() < probes) {
            throw new TimeoutException((probes - latencies.size()) + " of " + probes + " probe balances never became visible");
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    private void watch(HttpClient http, ScheduledExecutorService pollers, String customer, long sentAt,
                       ConcurrentLinkedQueue<Double> latencies, Phaser pending) {
        URI uri = URI.create("http://localhost:" + system.httpPort() + "/customers/" + customer);
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"balance\":10,")) {
                    latencies.add((System.nanoTime() - sentAt) / 1e6);
                    pending.arriveAndDeregister();
                    return;
                }
            } catch (Exception e) {
                // Not there yet; look again.
            }
            if (System.nanoTime() - sentAt < 20_000_000_000L) {
                pollers.schedule(check[0], 5, TimeUnit.MILLISECONDS);
            } else {
                pending.arriveAndDeregister();
            }
        };
        pollers.schedule(check[0], 5, TimeUnit.MILLISECONDS);
    }

    private static byte[] probePurchase(String customer) {
        return ("{\"eventId\":\"" + customer + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"occurredAt\":\"" + java.time.Instant.now() + "\",\"orderId\":\"" + customer
                + "\",\"amount\":\"10.00\",\"currency\":\"USD\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Publish to committed ledger entry at a steady rate, for each partitioner producers use. */
    LedgerLatencyBench.Result ledgerLatency(List<BenchEvent> background, double eventsPerSec, Duration duration,
                                            int partitions) throws Exception {
        return new LedgerLatencyBench(clientConfig, topics.events(), topics.ledger(), partitions)
                .run(background, eventsPerSec, duration);
    }

    /** Bytes of the writer's and the projections' local state. */
    long stateBytes() {
        return DiskUsage.of(dataDir.resolve("streams"));
    }

    @Override
    public void close() {
        system.close();
    }
}
