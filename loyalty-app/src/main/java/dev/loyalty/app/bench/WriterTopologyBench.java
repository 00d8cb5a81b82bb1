package dev.loyalty.app.bench;

import dev.loyalty.app.runtime.GlobalProcessingHandler;
import dev.loyalty.app.runtime.RocksDBSettings;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.writer.LedgerWriterTopology;
import dev.loyalty.writer.WriterOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;

/**
 * The ledger writer topology alone, in-process under {@link TopologyTestDriver} with its RocksDB
 * stores: the cost of our own code, without a broker. The first tenth of the events warms the JVM
 * and is not timed.
 */
final class WriterTopologyBench {

    /** Events per second, and the writer's state on disk afterwards. */
    record Result(double eventsPerSec, long stateBytes) {
    }

    private final Program program;
    private final LedgerSeal seal;

    WriterTopologyBench(Program program, LedgerSeal seal) {
        this.program = program;
        this.seal = seal;
    }

    Result run(List<BenchEvent> events, Path stateDir) {
        Topics topics = Topics.defaults();
        // the bench replays simulated days of traffic in seconds
        // one partition in-process: events keyed by their customer take the one-hop path, as a Java producer's do
        WriterOptions options = WriterOptions.defaults(program).withLimits(InputLimits.defaults().withSimulatedTime(true))
                .withEventPartitions(1).withSeal(seal);
        Properties props = LedgerWriterTopology.requiredStreamsConfig(options);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-writer");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "in-process:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // The stores as the system keeps them, so their size on disk is the system's.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDBSettings.class);
        GlobalProcessingHandler.enable(props);
        int warmup = events.size() / 10;
        double rate;
        long stateBytes;
        try (TopologyTestDriver driver = new TopologyTestDriver(
                LedgerWriterTopology.build(options), props, Instant.now())) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic(topics.events(), new ByteArraySerializer(),
                    new ByteArraySerializer());
            List<TestOutputTopic<byte[], byte[]>> outs = List.of(topics.ledger(), topics.redemptionResults(),
                    topics.rejections()).stream().map(t -> driver.createOutputTopic(t, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())).toList();
            long start = 0;
            for (int i = 0; i < events.size(); i++) {
                if (i == warmup) {
                    start = System.nanoTime();
                }
                BenchEvent e = events.get(i);
                in.pipeInput(e.key(), e.value());
                if (i % 10_000 == 0) {
                    outs.forEach(TestOutputTopic::readValuesToList);
                }
            }
            rate = (events.size() - warmup) / ((System.nanoTime() - start) / 1e9);
            // Flushed, so RocksDB's memtables are in the files too; measured before closing, since the driver
            // deletes its state directory on close.
            driver.getAllStateStores().values().forEach(StateStore::flush);
            stateBytes = DiskUsage.of(stateDir);
        }
        return new Result(rate, stateBytes);
    }
}
