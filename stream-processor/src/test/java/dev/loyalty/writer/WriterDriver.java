package dev.loyalty.writer;

import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The writer topology under {@link TopologyTestDriver}, read and written through its topics. */
final class WriterDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final String APPLICATION_ID = "writer-test";

    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> events;
    private final TestOutputTopic<String, byte[]> ledger;
    private final TestOutputTopic<String, byte[]> results;
    private final TestOutputTopic<String, byte[]> rejections;
    private final TestInputTopic<String, byte[]> program;
    private final TestInputTopic<String, byte[]> rekeying;

    WriterDriver() {
        this(Program.defaults());
    }

    /**
     * The stories move time by publishing future-dated events, as a simulated-time system allows. The
     * driver's topics have one partition: events keyed by their customer are on it, others are re-keyed.
     */
    WriterDriver(Program program) {
        this(WriterOptions.defaults(program).withLimits(InputLimits.defaults().withSimulatedTime(true))
                .withEventPartitions(1));
    }

    WriterDriver(WriterOptions options) {
        Properties props = LedgerWriterTopology.requiredStreamsConfig(options);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("writer-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(LedgerWriterTopology.build(options), props, START);
        Topics topics = options.topics();
        events = driver.createInputTopic(topics.events(), new ByteArraySerializer(), new ByteArraySerializer());
        ledger = driver.createOutputTopic(topics.ledger(), new StringDeserializer(), new ByteArrayDeserializer());
        results = driver.createOutputTopic(topics.redemptionResults(), new StringDeserializer(), new ByteArrayDeserializer());
        rejections = driver.createOutputTopic(topics.rejections(), new StringDeserializer(), new ByteArrayDeserializer());
        program = driver.createInputTopic(topics.program(), new StringSerializer(), new ByteArraySerializer());
        rekeying = driver.createInputTopic(APPLICATION_ID + "-events-by-customer-repartition", new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Writes a record of the writer's re-keying topic, as the writer or anyone with write access to it could. */
    void sendToRekeyingTopic(String key, byte[] value, Headers headers) {
        rekeying.pipeInput(new TestRecord<>(key, value, headers));
    }

    /** Writes a record of loyalty.program, as {@code program publish} or another tool would. */
    void publishVersion(String key, byte[] value) {
        program.pipeInput(key, value);
    }

    /** Publishes an event keyed by its customer, as a Java producer would. */
    void send(String customerId, String json) {
        sendRaw(customerId == null ? null : customerId.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] key, byte[] value) {
        events.pipeInput(key, value);
    }

    List<LedgerEntry> ledger() {
        return ledger.readValuesToList().stream().map(LedgerEntry::fromJson).toList();
    }

    /** The ledger as a reader takes it off the topic, with the content each hash covers. */
    List<LedgerRecord> ledgerRecords() {
        return ledger.readValuesToList().stream().map(LedgerRecord::parse).toList();
    }

    List<RedemptionResult> results() {
        return results.readValuesToList().stream().map(RedemptionResult::fromJson).toList();
    }

    List<RejectionRecord> rejections() {
        return rejections.readValuesToList().stream().map(RejectionRecord::fromJson).toList();
    }

    List<byte[]> ledgerValues() {
        return ledger.readValuesToList();
    }

    List<byte[]> rejectionValues() {
        return rejections.readValuesToList();
    }

    /**
     * Every record sent since the last read, as text: the ledger's, then the results', then the
     * rejections' with their keys, each topic in order.
     */
    List<String> outputsAsText() {
        List<String> out = new ArrayList<>();
        ledgerValues().forEach(v -> out.add("ledger " + new String(v, StandardCharsets.UTF_8)));
        resultValues().forEach(v -> out.add("result " + new String(v, StandardCharsets.UTF_8)));
        for (KeyValue<String, byte[]> kv : rejections.readKeyValuesToList()) {
            out.add("rejection " + kv.key + " " + new String(kv.value, StandardCharsets.UTF_8));
        }
        return out;
    }

    List<byte[]> resultValues() {
        return results.readValuesToList();
    }

    List<String> ledgerKeys() {
        return ledger.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    }

    <K> KeyValueStore<K, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    KeyValueStore<String, Long> clockStore() {
        return driver.getKeyValueStore(ClockStore.STORE);
    }

    /** Topics the topology has written to so far, internal ones included. */
    Set<String> producedTopics() {
        return driver.producedTopicNames();
    }

    void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
    }

    @Override
    public void close() {
        driver.close();
    }
}
