package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.app.Events;
import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.TopicReader;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single records that once stopped the whole system (issue 9), published by a plain producer to
 * the system as production runs it: each is rejected with a reason, the system keeps running and
 * applies the good event published after them.
 */
class HostileInputSystemTest {

    private static final String AT = "2026-11-22T10:00:00Z";

    @TempDir
    Path dataDir;

    @Test
    void noSingleRecordStopsTheSystem() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                     ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024),
                     new StringSerializer(), new ByteArraySerializer())) {
            Topics topics = new Topics("hostile.");
            RunSettings settings = new RunSettings(Optional.of(cluster.bootstrapServers()),
                    RunSettings.DEFAULT_KAFKA_PORT, dataDir, 0, 3, Optional.empty(), topics, Program.defaults(),
                    "loyalty-hostile", Optional.empty(), true, Map.of(), InputLimits.defaults(),
                    HttpAccess.loopback(), LedgerKeys.NONE);
            try (LoyaltySystem system = LoyaltySystem.start(settings)) {
                system.ready().get(60, TimeUnit.SECONDS);
                List<String> hostile = new ArrayList<>();
                hostile.add(purchase("h-1", "c-1", AT, "\"" + "o".repeat(70_000) + "\"", "\"10.00\"", ""));
                hostile.add(purchase("h-2", "c-1", "+300000000-01-01T00:00:00Z", "\"o-2\"", "\"10.00\"", ""));
                hostile.add(purchase("h-3", "c-1", AT, "\"o-3\"", "\"100000.00\"", ",\"items\":["
                        + "{\"sku\":\"s\",\"category\":\"c\",\"quantity\":1,\"unitPrice\":\"1.00\"},".repeat(99_999)
                        + "{\"sku\":\"s\",\"category\":\"c\",\"quantity\":1,\"unitPrice\":\"1.00\"}]"));
                hostile.add("{\"eventId\":\"h-4\",\"type\":\"purchase\",\"customerId\":\"c-1\",\"occurredAt\":\"" + AT
                        + "\",\"orderId\":\"o-4\",\"currency\":\"USD\",\"junk\":\"" + "\\\"".repeat(350_000) + "\"}");
                hostile.add("{\"eventId\":\"h-5\",\"type\":\"purchase\",\"customerId\":\"c-1\",\"occurredAt\":\"" + AT
                        + "\",\"orderId\":\"o-5\",\"amount\":1e2000000,\"currency\":\"USD\"}");
                for (int i = 0; i < 18; i++) {
                    hostile.add(purchase("h-6-" + i, "c-1", AT, "\"" + ("o" + i).repeat(60_000 / 3) + "\"", "\"1.00\"", ""));
                }
                hostile.add(purchase("h-7", "c-1", "2099-01-01T00:00:00Z", "\"o-7\"", "\"10.00\"", ""));
                for (String event : hostile) {
                    producer.send(new ProducerRecord<>(topics.events(), "c-1", event.getBytes(StandardCharsets.UTF_8))).get();
                }
                producer.send(new ProducerRecord<>(topics.events(), "c-1",
                        Events.purchase("good", "c-1", "o-good", "42.00").getBytes(StandardCharsets.UTF_8))).get();

                List<LedgerEntry> ledger = TopicReader.readUntil(cluster.bootstrapServers(), topics.ledger(),
                        r -> !r.isEmpty()).stream().map(r -> LedgerEntry.fromJson(r.value())).toList();
                assertThat(ledger).extracting(LedgerEntry::customerId, LedgerEntry::sourceEventId, LedgerEntry::balanceAfter)
                        .containsExactly(tuple("c-1", "good", 42L));
                List<RejectionRecord> rejections = TopicReader.readUntil(cluster.bootstrapServers(), topics.rejections(),
                        r -> r.size() >= hostile.size()).stream().map(r -> RejectionRecord.fromJson(r.value())).toList();
                assertThat(rejections).extracting(r -> r.reason().name()).containsExactly(expectedReasons());
                assertThat(rejections).allSatisfy(r -> assertThat(r.message()).hasSizeLessThanOrEqualTo(512));
                assertThat(rejections.get(2).payloadBytes()).isGreaterThan(4_000_000);
                assertThat(rejections.get(2).payloadSha256()).hasSize(64);
                assertThat(system.failed()).isNotDone();
            }
        }
    }

    private static String[] expectedReasons() {
        List<String> reasons = new ArrayList<>(List.of("TOO_LARGE", "INVALID_FIELD", "TOO_LARGE", "TOO_LARGE",
                "INVALID_FIELD"));
        for (int i = 0; i < 18; i++) {
            reasons.add("INVALID_FIELD");
        }
        reasons.add("FUTURE_OCCURRED_AT");
        return reasons.toArray(String[]::new);
    }

    private static String purchase(String eventId, String customerId, String at, String orderId, String amount,
                                   String more) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customerId
                + "\",\"occurredAt\":\"" + at + "\",\"orderId\":" + orderId + ",\"amount\":" + amount
                + ",\"currency\":\"USD\"" + more + "}";
    }
}
