package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.Events;
import dev.loyalty.app.TopicReader;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Purchases published steadily to one running system while its balance and readiness are asked for,
 * for the tests that take Kafka brokers away under load; then every purchase must be in the ledger once.
 */
final class PurchaseLoad implements AutoCloseable {

    static final int CUSTOMERS = 30;
    static final int NO_ANSWER = 0;
    private static final Duration CATCH_UP_PATIENCE = Duration.ofMinutes(3);

    private final String bootstrap;
    private final Topics topics;
    private final int httpPort;
    private final KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger sent = new AtomicInteger();
    private final Set<String> extraPurchases = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    /** Balance answers by status; {@link #NO_ANSWER} for none within the client's timeout. */
    final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    final List<String> failedAnswers = new CopyOnWriteArrayList<>();
    /** Readiness answers by "status code body-status". */
    final Map<String, AtomicInteger> readiness = new ConcurrentHashMap<>();

    PurchaseLoad(String bootstrap, Topics topics, int httpPort) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.httpPort = httpPort;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** One purchase for each customer, then waits until each is answered. */
    void seed() throws InterruptedException {
        for (int c = 0; c < CUSTOMERS; c++) {
            publish();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int c = 0; c < CUSTOMERS; c++) {
            while (!answered("/customers/c-" + c)) {
                assertThat(System.nanoTime()).as("c-" + c + " answered").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    void start() {
        threads.add(new Thread(() -> {
            while (!stop.get()) {
                publish();
                sleep(20);
            }
        }, "purchases"));
        threads.add(new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    HttpResponse<String> answer = get("/customers/c-" + (i % CUSTOMERS));
                    answers.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.statusCode() != 200) {
                        failedAnswers.add(answer.statusCode() + " " + answer.body());
                    }
                } catch (UncheckedIOException e) {
                    answers.computeIfAbsent(NO_ANSWER, s -> new AtomicInteger()).incrementAndGet();
                    failedAnswers.add(e.getMessage());
                }
                readiness.computeIfAbsent(readinessNow(), s -> new AtomicInteger()).incrementAndGet();
                sleep(20);
            }
        }, "queries"));
        threads.forEach(Thread::start);
    }

    /** A purchase sent another way (POST /events) that must be in the ledger once too. */
    void expect(String eventId) {
        extraPurchases.add(eventId);
    }

    void stopAndAssertEveryPurchaseEarnedOnce() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        producer.flush();
        List<String> expected = new ArrayList<>(extraPurchases);
        for (int n = 0; n < sent.get(); n++) {
            expected.add("p-" + n);
        }
        Function<List<ConsumerRecord<String, byte[]>>, List<String>> earnedFor = records -> records.stream()
                .map(r -> LedgerEntry.fromJson(r.value())).filter(e -> e.kind() == EntryKind.EARNED)
                .map(LedgerEntry::sourceEventId).toList();
        // Each read gives up after 45 s; a loaded machine may need longer to work through the backlog.
        long deadline = System.nanoTime() + CATCH_UP_PATIENCE.toNanos();
        List<String> earned;
        do {
            earned = earnedFor.apply(TopicReader.readUntil(bootstrap, topics.ledger(),
                    records -> earnedFor.apply(records).stream().distinct().count() >= expected.size()));
        } while (earned.stream().distinct().count() < expected.size() && System.nanoTime() < deadline);
        Map<String, Long> doubled = earned.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(doubled).as("purchases earned twice").isEmpty();
        assertThat(earned).as("purchases earned").containsExactlyInAnyOrderElementsOf(expected);
    }

    /** "status-code body-status" of GET /health/ready, such as "200 DEGRADED"; "no answer" within the timeout. */
    private String readinessNow() {
        try {
            HttpResponse<String> ready = get("/health/ready");
            return ready.statusCode() + " " + ready.body().replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1");
        } catch (UncheckedIOException e) {
            return "no answer";
        }
    }

    private boolean answered(String path) {
        try {
            return get(path).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + httpPort + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Purchase number n, of customer c-(n mod CUSTOMERS). */
    private void publish() {
        int n = sent.getAndIncrement();
        String customer = "c-" + (n % CUSTOMERS);
        producer.send(new ProducerRecord<>(topics.events(), customer,
                Events.purchase("p-" + n, customer, "o-" + n, "1.00").getBytes(StandardCharsets.UTF_8)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.set(true);
        producer.close(Duration.ofSeconds(5));
    }
}
