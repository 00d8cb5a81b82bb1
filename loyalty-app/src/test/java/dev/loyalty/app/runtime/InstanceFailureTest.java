package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.Events;
import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.TopicReader;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import dev.loyalty.http.HttpApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one broker under load, one killed like {@code kill -9} (its own JVM, so it says no
 * goodbye to its groups): the survivor answers every balance query, stale where its copy may lag,
 * and every event ends up in the ledger exactly once.
 */
class InstanceFailureTest {

    private static final int PARTITIONS = 6;
    private static final int CUSTOMERS = 60;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Load before the kill, and after it: longer than the session timeout, so the group moves the work. */
    private static final Duration BEFORE_KILL = Duration.ofSeconds(2);
    private static final Duration AFTER_KILL = Duration.ofSeconds(12);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void theSurvivorOfTwoInstancesKeepsAnsweringAndEveryEventIsInTheLedgerOnce() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start();
             KafkaProducer<String, byte[]> producer = cluster.eventProducer()) {
            int portA = FreeLocalPort.find();
            int portB = FreeLocalPort.find();
            RunSettings a = settings(cluster.bootstrapServers(), dir.resolve("a"), portA);
            assertThat(a.standbyReplicas()).as("standby copies with several instances").isEqualTo(1);
            Path logB = dir.resolve("b.log");
            try (LoyaltySystem systemA = LoyaltySystem.start(a)) {
                Process b = startInstanceProcess(a, cluster.bootstrapServers(), dir.resolve("b"), portB, logB);
                try {
                    systemA.ready().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    awaitReady(portB, b, logB);
                    // Both start empty, so the work is shared out at once rather than after probing rebalances.
                    awaitBothHoldPartitions(cluster.bootstrapServers(), List.of(a.applicationId(),
                            ProjectionsApp.applicationId(a)));

                    AtomicInteger sent = new AtomicInteger();
                    for (int c = 0; c < CUSTOMERS; c++) {
                        publish(producer, a.topics(), sent.getAndIncrement());
                    }
                    for (int c = 0; c < CUSTOMERS; c++) {
                        awaitAnswer(portA, "c-" + c);
                    }

                    Answers answers = new Answers();
                    AtomicBoolean stop = new AtomicBoolean();
                    Thread load = new Thread(() -> {
                        while (!stop.get()) {
                            publish(producer, a.topics(), sent.getAndIncrement());
                            sleep(5);
                        }
                    }, "load");
                    Thread queries = new Thread(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            answers.record(get(portA, "/customers/c-" + (i % CUSTOMERS)));
                            answers.recordReadiness(get(portA, "/health/ready").statusCode());
                        }
                    }, "queries");
                    load.start();
                    queries.start();
                    Thread.sleep(BEFORE_KILL.toMillis());
                    b.destroyForcibly().waitFor();
                    Thread.sleep(AFTER_KILL.toMillis());
                    stop.set(true);
                    load.join();
                    queries.join();
                    producer.flush();

                    assertThat(answers.byStatus).as("answers of the survivor by status; failures " + answers.failures)
                            .containsOnlyKeys(200);
                    assertThat(answers.stale.get()).as("answers from its standby copies").isPositive();
                    assertThat(answers.byStatus.get(200).get()).isGreaterThan(answers.stale.get());
                    assertThat(answers.readiness).as("readiness of the survivor").containsOnlyKeys(200);
                    assertEveryPurchaseEarnedOnce(cluster.bootstrapServers(), a.topics(), sent.get());
                } finally {
                    b.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Statuses and stale marks of the survivor's answers. */
    private static final class Answers {
        final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> readiness = new ConcurrentHashMap<>();
        final AtomicInteger stale = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();

        void record(HttpResponse<String> answer) {
            byStatus.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (answer.statusCode() != 200) {
                failures.add(answer.statusCode() + " " + answer.body());
            }
            if (answer.headers().firstValue(HttpApi.STALE_HEADER).filter("true"::equals).isPresent()) {
                stale.incrementAndGet();
            }
        }

        void recordReadiness(int status) {
            readiness.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private RunSettings settings(String bootstrap, Path dataDir, int httpPort) {
        return new RunSettings(Optional.of(bootstrap), RunSettings.DEFAULT_KAFKA_PORT, dataDir, httpPort, PARTITIONS,
                Optional.empty(), new Topics("failure."), Program.defaults(), "loyalty-failure",
                Optional.of("localhost:" + httpPort), true, Map.of(), InputLimits.defaults(), HttpAccess.loopback(),
                LedgerKeys.NONE);
    }

    /** The second instance as {@code ./loyalty run} starts it, in its own JVM, with the same settings as {@code a}. */
    private static Process startInstanceProcess(RunSettings a, String bootstrap, Path dataDir, int httpPort, Path log)
            throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.loyalty.app.LoyaltyCli", "run",
                "--bootstrap-servers", bootstrap, "--data-dir", dataDir.toString(),
                "--http-port", String.valueOf(httpPort), "--application-server", "localhost:" + httpPort,
                "--topic-prefix", a.topics().prefix(), "--application-id", a.applicationId(),
                "--partitions", String.valueOf(PARTITIONS));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitReady(int port, Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!ready(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the second instance did not become ready:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private boolean ready(int port) {
        try {
            return get(port, "/health/ready").statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Waits until each group has two members that both hold active partitions. */
    private static void awaitBothHoldPartitions(String bootstrap, List<String> groups) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
                if (described.values().stream().allMatch(g -> g.members().size() == 2
                        && g.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty()))) {
                    return;
                }
                assertThat(System.nanoTime()).as("both instances hold partitions: " + described).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private void awaitAnswer(int port, String customerId) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> answer = get(port, "/customers/" + customerId);
        while (answer.statusCode() != 200) {
            assertThat(System.nanoTime()).as(customerId + " answered; last " + answer.statusCode() + " "
                    + answer.body()).isLessThan(deadline);
            Thread.sleep(100);
            answer = get(port, "/customers/" + customerId);
        }
    }

    /** Purchase number {@code n}, of customer {@code c-(n mod CUSTOMERS)}. */
    private static void publish(KafkaProducer<String, byte[]> producer, Topics topics, int n) {
        String customer = "c-" + (n % CUSTOMERS);
        producer.send(new ProducerRecord<>(topics.events(), customer,
                Events.purchase("p-" + n, customer, "o-" + n, "1.00").getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertEveryPurchaseEarnedOnce(String bootstrap, Topics topics, int purchases) {
        Function<List<ConsumerRecord<String, byte[]>>, List<String>> earnedFor = records -> records.stream()
                .map(r -> LedgerEntry.fromJson(r.value())).filter(e -> e.kind() == EntryKind.EARNED)
                .map(LedgerEntry::sourceEventId).toList();
        List<String> earned = earnedFor.apply(TopicReader.readUntil(bootstrap, topics.ledger(),
                records -> earnedFor.apply(records).stream().distinct().count() >= purchases));
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < purchases; n++) {
            expected.add("p-" + n);
        }
        Map<String, Long> doubled = earned.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(doubled).as("purchases earned twice").isEmpty();
        assertThat(earned).as("purchases earned").containsExactlyInAnyOrderElementsOf(expected);
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
