package dev.loyalty.projections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The ids of the signals marketing has received: everything committed on the three signal topics. */
public final class SentSignals {

    private SentSignals() {
    }

    public static Set<String> read(Properties clientConfig, Topics topics) {
        return new HashSet<>(readAll(clientConfig, topics));
    }

    /** Every signal id on the signal topics in the order read, a repeat as often as it was sent. */
    public static List<String> readAll(Properties clientConfig, Topics topics) {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(topics.tierChanges(), topics.expiryWarnings(), topics.churnSignals())
                    .stream().flatMap(t -> consumer.partitionsFor(t).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        JsonNode id = Json.MAPPER.readTree(r.value()).get("signalId");
                        if (id != null) {
                            ids.add(id.asText());
                        }
                    } catch (IOException e) {
                        // Not one of ours: nothing to deduplicate against.
                    }
                }
            }
        }
        return ids;
    }
}
