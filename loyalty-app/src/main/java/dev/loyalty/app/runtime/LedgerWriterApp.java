package dev.loyalty.app.runtime;

import dev.loyalty.app.config.RunSettings;
import dev.loyalty.writer.LedgerWriterTopology;
import dev.loyalty.writer.WriterListener;
import dev.loyalty.writer.WriterOptions;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The ledger writer as a Kafka Streams application, configured for one process on a small machine. */
public final class LedgerWriterApp {

    private LedgerWriterApp() {
    }

    public static KafkaStreams create(RunSettings settings, String bootstrapServers, WriterListener listener) {
        WriterOptions options = WriterOptions.defaults(settings.program())
                .withTopics(settings.topics())
                .withRepartition(settings.repartition())
                .withListener(listener);
        KafkaStreams streams = new KafkaStreams(LedgerWriterTopology.build(options),
                streamsConfig(settings, bootstrapServers));
        // A failure the writer cannot handle must stop it rather than skip a customer's event.
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        return streams;
    }

    static Properties streamsConfig(RunSettings settings, String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(settings.clientSecurity());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.dataDir().resolve("streams").toAbsolutePath().toString());
        settings.applicationServer().ifPresent(s -> p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s));
        settings.replicationFactor().ifPresent(r -> p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) r));
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // One stream thread: the box has two cores, and the broker may share them.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
        // After a crash (no goodbye to the group) a restarted writer waits this long, not the default 45 s.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // Says nothing for this topology (it has no global stores) but silences a warning at every start.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.putAll(LedgerWriterTopology.requiredStreamsConfig());
        return p;
    }
}
