package dev.loyalty.app.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Publish to committed ledger entry, at a steady rate: the latency a till sees before a purchase is
 * in the truth. Probes alternate between the two partitioners producers use: the Java client's
 * (murmur2, the event is on its customer's partition and takes one hop) and librdkafka's CRC32
 * (mostly elsewhere: re-keyed first).
 */
final class LedgerLatencyBench {

    /** One probe in this many events; the rest is realistic background traffic. */
    private static final int PROBE_EVERY = 20;

    record Result(List<Double> javaPartitionerMs, List<Double> crc32PartitionerMs) {
    }

    private final Properties clientConfig;
    private final String eventsTopic;
    private final String ledgerTopic;
    private final int partitions;

    LedgerLatencyBench(Properties clientConfig, String eventsTopic, String ledgerTopic, int partitions) {
        this.clientConfig = clientConfig;
        this.eventsTopic = eventsTopic;
        this.ledgerTopic = ledgerTopic;
        this.partitions = partitions;
    }

    Result run(List<BenchEvent> background, double eventsPerSec, Duration duration) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Double> latencyMs = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> ledger = ledgerConsumer()) {
            long intervalNanos = (long) (1e9 / eventsPerSec);
            long end = System.nanoTime() + duration.toNanos();
            int probes = 0;
            try (KafkaProducer<byte[], byte[]> producer = new TopicLoader(clientConfig).producer()) {
                long next = System.nanoTime();
                for (int i = 0; System.nanoTime() < end; i++) {
                    if (i % PROBE_EVERY == 0) {
                        String customer = "lprobe-" + probes + (probes % 2 == 0 ? "-java" : "-crc32");
                        byte[] key = customer.getBytes(StandardCharsets.UTF_8);
                        Integer partition = probes % 2 == 0 ? null : crc32Partition(key);
                        sentAt.put(customer, System.nanoTime());
                        producer.send(new ProducerRecord<>(eventsTopic, partition, key, purchase(customer)));
                        probes++;
                    } else {
                        BenchEvent e = background.get(i % background.size());
                        producer.send(new ProducerRecord<>(eventsTopic, e.key(), e.value()));
                    }
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                        poll(ledger, sentAt, latencyMs, Duration.ZERO);
                    }
                }
            }
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (latencyMs.size() < probes && System.nanoTime() < giveUp) {
                poll(ledger, sentAt, latencyMs, Duration.ofMillis(50));
            }
            if (latencyMs.size() < probes) {
                throw new IllegalStateException((probes - latencyMs.size()) + " of " + probes
                        + " probe purchases never reached the ledger");
            }
        }
        return new Result(sorted(latencyMs, "-java"), sorted(latencyMs, "-crc32"));
    }

    private static void poll(KafkaConsumer<String, byte[]> ledger, Map<String, Long> sentAt,
                             Map<String, Double> latencyMs, Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : ledger.poll(timeout)) {
            Long sent = sentAt.get(r.key());
            if (sent != null) {
                latencyMs.putIfAbsent(r.key(), (System.nanoTime() - sent) / 1e6);
            }
        }
    }

    private KafkaConsumer<String, byte[]> ledgerConsumer() {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> all = consumer.partitionsFor(ledgerTopic).stream()
                .map(p -> new TopicPartition(ledgerTopic, p.partition())).toList();
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        return consumer;
    }

    /** Where librdkafka's default partitioner puts a keyed record. */
    private int crc32Partition(byte[] key) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return (int) (crc.getValue() % partitions);
    }

    private static List<Double> sorted(Map<String, Double> latencyMs, String suffix) {
        List<Double> values = latencyMs.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(ArrayList::new));
        Collections.sort(values);
        return values;
    }

    private static byte[] purchase(String customer) {
        return ("{\"eventId\":\"" + customer + "\",\"type\":\"purchase\",\"customerId\":\"" + customer
                + "\",\"occurredAt\":\"" + Instant.now() + "\",\"orderId\":\"" + customer
                + "\",\"amount\":\"10.00\",\"currency\":\"USD\"}").getBytes(StandardCharsets.UTF_8);
    }
}
