package dev.loyalty.writer;

import dev.loyalty.core.ledger.LedgerRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed ledger from the beginning up to where it ended when reading started, so a
 * check or a rebuild sees the ledger "as it stands" even while the writer keeps appending.
 */
public final class LedgerReader {

    /** Told how much there is to read, then how much was read, now and then, and at the end. */
    @FunctionalInterface
    public interface Progress {
        default void start(long total) {
        }

        void advance(long done);

        default void done(long done) {
            advance(done);
        }
    }

    /** Receives each entry, with the content its hash covers, and the partition it was read from. */
    public interface EntryHandler {
        void accept(LedgerRecord record, int partition);
    }

    /** Receives a raw record that is not a ledger entry. */
    public interface BadRecordHandler {
        void accept(int partition, long offset, String problem);
    }

    private final Properties clientConfig;
    private final String topic;

    public LedgerReader(Properties clientConfig, String topic) {
        this.clientConfig = clientConfig;
        this.topic = topic;
    }

    /** @return the number of records read */
    public long readAll(EntryHandler entries, BadRecordHandler bad, Progress progress) {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = 0;
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            for (TopicPartition tp : parts) {
                total += end.get(tp) - begin.get(tp);
            }
            progress.start(total);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    LedgerRecord entry;
                    try {
                        entry = LedgerRecord.parse(record.value());
                    } catch (RuntimeException e) {
                        bad.accept(record.partition(), record.offset(), "not a ledger entry: " + e.getMessage());
                        continue;
                    }
                    entries.accept(entry, record.partition());
                }
                progress.advance(read);
            }
        }
        progress.done(read);
        return read;
    }
}
