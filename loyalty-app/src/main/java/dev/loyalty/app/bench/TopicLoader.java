package dev.loyalty.app.bench;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes benchmark input as fast as the broker takes it, keyed as upstream producers would. */
final class TopicLoader {

    private final Properties clientConfig;

    TopicLoader(Properties clientConfig) {
        this.clientConfig = clientConfig;
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void load(String topic, List<BenchEvent> events) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (BenchEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.key(), e.value()));
            }
            producer.flush();
        }
    }
}
