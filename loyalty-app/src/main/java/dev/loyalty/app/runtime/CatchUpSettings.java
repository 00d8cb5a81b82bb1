package dev.loyalty.app.runtime;

import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings for an application far behind its input, as the projections are while a replay
 * rebuilds them: large reads and writes, long transactions and more threads, since nobody waits for a
 * single entry.
 * Once caught up the application runs with the live settings ({@link StreamsSettings}) again.
 */
public final class CatchUpSettings {

    private CatchUpSettings() {
    }

    /**
     * Stream threads while catching up, at least: a rebuild is CPU-bound in the one live thread, and a
     * second lets it use both cores of a two-core machine (docs/benchmarks.md, replay and the projections'
     * growth). Static membership tells the threads apart by the index Kafka Streams appends to
     * {@code group.instance.id}.
     */
    static final int THREADS = 2;

    /**
     * Over the live settings {@code live}; never over what a topology requires (the guarantee, the
     * handlers). At least {@link #THREADS} stream threads, and never fewer than live.
     */
    public static Properties overrides(Properties live) {
        Properties p = new Properties();
        int liveThreads = Integer.parseInt(String.valueOf(live.getOrDefault(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1)));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Math.max(THREADS, liveThreads));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 5_000);
        // Kafka Streams' 10 s would abort (and fence) a 5 s transaction whose commit a busy machine delays;
        // a fenced task throws its state away and restores it from the changelog.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 60_000);
        // Room for a commit's worth of customers: their several entries between commits make one store write.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 8 * 1024 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 50);
        return p;
    }
}
