package dev.loyalty.app.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether the system being fed accepts future-dated events, as only a system run with
 * {@code --simulated-time} does. It watches what the writer makes of the run's events from the moment
 * the run starts: a ledger entry dated ahead of the wall clock means yes, a {@code FUTURE_OCCURRED_AT}
 * rejection means no.
 */
interface FutureEventsCheck extends AutoCloseable {

    /** For a run with nothing dated ahead of the wall clock, or a test without a system. */
    FutureEventsCheck NOT_NEEDED = new FutureEventsCheck() {
        @Override
        public Optional<Boolean> await(Duration timeout) {
            return Optional.of(true);
        }

        @Override
        public void onRefused(Runnable action) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Blocks until the system has shown whether it accepts future-dated events, at most {@code timeout};
     * once it has timed out it stops watching, and later calls answer at once (empty: unknown).
     */
    Optional<Boolean> await(Duration timeout);

    /** Runs {@code action} (on another thread) as soon as the system refuses a future-dated event. */
    void onRefused(Runnable action);

    @Override
    void close();

    /** Starts watching the ledger and the rejections from their current ends. */
    static FutureEventsCheck watch(Properties clientConfig, Topics topics, Instant futureAfter) {
        return new Watcher(clientConfig, topics, futureAfter);
    }

    final class Watcher implements FutureEventsCheck {

        private final CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Topics topics;
        private final Instant futureAfter;
        private final Thread thread;

        private Watcher(Properties clientConfig, Topics topics, Instant futureAfter) {
            Properties config = new Properties();
            config.putAll(clientConfig);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "loyalty-simulate-check");
            this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.topics = topics;
            this.futureAfter = futureAfter;
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(topics.ledger(), topics.rejections())) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
            } catch (RuntimeException e) {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
                throw e;
            }
            this.thread = new Thread(this::watch, "simulate-future-events-check");
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            try {
                while (!verdict.isDone()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        judge(record);
                    }
                }
            } catch (WakeupException closing) {
                verdict.complete(null);
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            }
        }

        private void judge(ConsumerRecord<byte[], byte[]> record) {
            JsonNode value;
            try {
                value = Json.MAPPER.readTree(record.value());
            } catch (Exception notOurs) {
                return;
            }
            if (record.topic().equals(topics.rejections())) {
                if (RejectReason.FUTURE_OCCURRED_AT.name().equals(value.path("reason").asText())) {
                    verdict.complete(false);
                }
            } else if (value.hasNonNull("occurredAt")
                    && Instant.parse(value.get("occurredAt").asText()).isAfter(futureAfter)) {
                verdict.complete(true);
            }
        }

        @Override
        public Optional<Boolean> await(Duration timeout) {
            try {
                return Optional.ofNullable(verdict.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                // No verdict now means none: ends the watch, so a second caller does not wait again.
                verdict.complete(null);
                return Optional.ofNullable(verdict.getNow(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.empty();
            }
        }

        @Override
        public void onRefused(Runnable action) {
            verdict.thenAccept(accepted -> {
                if (Boolean.FALSE.equals(accepted)) {
                    action.run();
                }
            });
        }

        @Override
        public void close() {
            if (!verdict.isDone()) {
                consumer.wakeup();
            }
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
