package dev.loyalty.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes to the events topic with a Kafka producer the caller owns and closes. Gives up when the
 * broker has not taken every event within the timeout, counted from the call: the caller should then
 * send them again (the writer applies each {@code eventId} once).
 */
public final class KafkaEventPublisher implements EventPublisher {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    public KafkaEventPublisher(Producer<String, byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public void publish(List<KeyedEvent> events) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        for (KeyedEvent e : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, e.customerId(), e.json())));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
