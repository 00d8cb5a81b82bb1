package dev.loyalty.writer;

import dev.loyalty.core.program.ProgramVersions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every program version on loyalty.program, as it stands when reading starts: what verify, the
 * writer-state rebuild, replay and the {@code program} verbs see, by the same rules as the writer's
 * global store (a record that is no usable new version is left out and named).
 */
public final class ProgramTopic {

    /** The usable versions and why each other record was left out. */
    public record Contents(ProgramVersions versions, List<String> ignored) {
    }

    private ProgramTopic() {
    }

    public static Contents read(Properties clientConfig, String topic) {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A system from before program versions has no such topic: reading must not create it.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // Read to a known end at start: a fetch the broker holds for lack of data (500 ms by default) is pure delay.
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        ProgramVersions versions = ProgramVersions.of(List.of());
        Map<String, byte[]> kept = new HashMap<>();
        List<String> ignored = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
                    ProgramVersions.Admission admission = versions.admit(kept.get(key), key, record.value());
                    if (admission instanceof ProgramVersions.Admission.Accepted accepted) {
                        kept.put(key, record.value());
                        versions = versions.with(accepted.version());
                    } else if (admission instanceof ProgramVersions.Admission.Ignored why) {
                        ignored.add("offset " + record.offset() + ": " + why.why());
                    }
                }
            }
        }
        return new Contents(versions, ignored);
    }
}
