package dev.loyalty.projections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** The projections topology in a TopologyTestDriver, with the wall clock under the test's control. */
final class ProjectionDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private final Topics topics = Topics.defaults();
    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, byte[]> ledger;
    private final TestOutputTopic<String, byte[]> tierChanges;
    private final TestOutputTopic<String, byte[]> expiryWarnings;
    private final TestOutputTopic<String, byte[]> churnSignals;
    private final CustomerViews views;
    private Instant wall = START;

    ProjectionDriver(Program program) {
        this(ProjectionOptions.defaults(program));
    }

    ProjectionDriver(ProjectionOptions options) {
        try {
            stateDir = Files.createTempDirectory("projections-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = ProjectionsTopology.requiredStreamsConfig();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projections-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProjectionsTopology.build(options), props, START);
        views = new CustomerViews(options.program());
        ledger = driver.createInputTopic(topics.ledger(), new StringSerializer(), new ByteArraySerializer());
        tierChanges = output(topics.tierChanges());
        expiryWarnings = output(topics.expiryWarnings());
        churnSignals = output(topics.churnSignals());
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    Instant wall() {
        return wall;
    }

    void pipe(List<LedgerEntry> entries) {
        for (LedgerEntry e : entries) {
            ledger.pipeInput(e.customerId(), e.toJson(), wall);
        }
    }

    void pipeRaw(String key, byte[] value) {
        ledger.pipeInput(key, value, wall);
    }

    /** Moves the wall clock; the punctuation fires once, however far it moves. */
    void advanceWall(Duration by) {
        wall = wall.plus(by);
        driver.advanceWallClockTime(by);
    }

    /** Moves the wall clock to {@code t} and then one more punctuation interval. */
    void wallTo(Instant t) {
        advanceWall(Duration.between(wall, t));
        advanceWall(Duration.ofSeconds(10));
    }

    CustomerView view(String customerId) {
        byte[] state = driver.<String, byte[]>getKeyValueStore(ProjectionsTopology.CUSTOMERS_STORE).get(customerId);
        return state == null ? null : CustomerView.fromJson(views.render(state));
    }

    List<Long> historySeqs(String customerId) {
        KeyValueStore<Bytes, byte[]> history = driver.getKeyValueStore(ProjectionsTopology.HISTORY_STORE);
        List<Long> seqs = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = history.range(ProjectionsTopology.historyKey(customerId, 1),
                ProjectionsTopology.historyKey(customerId, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> seqs.add(ProjectionsTopology.historySeq(kv.key)));
        }
        return seqs;
    }

    /** Seq to what the history store keeps for it: the entry's ledger offset. */
    Map<Long, Long> historyOffsets(String customerId) {
        KeyValueStore<Bytes, byte[]> history = driver.getKeyValueStore(ProjectionsTopology.HISTORY_STORE);
        Map<Long, Long> offsets = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = history.range(ProjectionsTopology.historyKey(customerId, 1),
                ProjectionsTopology.historyKey(customerId, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> offsets.put(ProjectionsTopology.historySeq(kv.key),
                    ProjectionsTopology.ledgerOffset(kv.value)));
        }
        return offsets;
    }

    ProgramMetrics metrics() {
        ProgramTotals sum = new ProgramTotals();
        KeyValueStore<String, byte[]> totals = driver.getKeyValueStore(ProjectionsTopology.TOTALS_STORE);
        try (KeyValueIterator<String, byte[]> it = totals.all()) {
            it.forEachRemaining(kv -> sum.add(ProgramTotals.fromBytes(kv.value)));
        }
        return ProgramMetrics.of(sum);
    }

    List<JsonNode> tierChanges() {
        return read(tierChanges);
    }

    List<JsonNode> expiryWarnings() {
        return read(expiryWarnings);
    }

    List<JsonNode> churnSignals() {
        return read(churnSignals);
    }

    private List<JsonNode> read(TestOutputTopic<String, byte[]> topic) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] value : topic.readValuesToList()) {
            try {
                out.add(Json.MAPPER.readTree(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
