package dev.loyalty.writer;

import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.topic.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger writer, as in SPEC section 1:
 * <pre>
 * loyalty.program ─► program versions (a global store: every instance judges by the same versions)
 * loyalty.events ─► route ─┬─► on its customer's partition ────────┐
 *                          └─► elsewhere: re-key by customerId ────┴─► ledger writer (parses and judges the event,
 *                                                                       account store, due index)
 *                                                                       ├─► loyalty.ledger
 *                                                                       ├─► loyalty.redemption-results
 *                                                                       └─► loyalty.rejections (bad input, with the
 *                                                                           original bytes; refused by a program rule)
 * </pre>
 * Each event is parsed once, by the writer, whichever way it came; the re-keying topic carries the
 * event's bytes as they were published, so what is on it is judged like any input.
 */
public final class LedgerWriterTopology {

    public static final String DEFAULT_APPLICATION_ID = "loyalty-ledger-writer";

    private static final Serde<String> KEYS = Serdes.String();
    private static final Serde<byte[]> VALUES = Serdes.ByteArray();

    private LedgerWriterTopology() {
    }

    public static Topology build(WriterOptions options) {
        Topics topics = options.topics();
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder);
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PublishedProgram.STORE), KEYS,
                        VALUES).withLoggingDisabled(),
                topics.program(), Consumed.with(KEYS, VALUES).withName("program-versions"),
                () -> new ProgramVersionFeed(options.listener()));

        Map<String, KStream<String, WriterOutput>> routed = builder
                .stream(topics.events(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("events"))
                .process(() -> new EventRouter(options), Named.as("route"))
                .split(Named.as("routed-"))
                .branch((customerId, out) -> out.target() == WriterOutput.Target.EVENT_TO_REKEY, Branched.as("elsewhere"))
                .defaultBranch(Branched.as("in-place"));

        KStream<String, WriterOutput> events = routed.get("routed-in-place");
        if (options.repartition()) {
            Repartitioned<String, byte[]> byCustomer = Repartitioned.with(KEYS, VALUES).withName("events-by-customer");
            if (options.eventPartitions() > 0) {
                // As many partitions as the events topic, so both paths of a customer meet in one task.
                byCustomer = byCustomer.withNumberOfPartitions(options.eventPartitions());
            }
            KStream<String, WriterOutput> rekeyed = routed.get("routed-elsewhere")
                    .mapValues(WriterOutput::value, Named.as("event-bytes"))
                    .repartition(byCustomer)
                    .mapValues(bytes -> new WriterOutput(WriterOutput.Target.EVENT, bytes), Named.as("event-output"));
            events = events.merge(rekeyed, Named.as("events-at-their-writer"));
        }
        Map<String, KStream<String, WriterOutput>> written = events
                .process(() -> new LedgerWriterProcessor(options),
                        Named.as("ledger-writer"), AccountStore.ACCOUNTS, AccountStore.DUE_INDEX, ClockStore.STORE)
                .split(Named.as("written-"))
                .branch((customerId, out) -> out.target() == WriterOutput.Target.LEDGER, Branched.as("ledger"))
                .branch((customerId, out) -> out.target() == WriterOutput.Target.REDEMPTION_RESULT, Branched.as("results"))
                .defaultBranch(Branched.as("rejections"));
        sendTo(written.get("written-ledger"), topics.ledger(), "to-ledger");
        sendTo(written.get("written-results"), topics.redemptionResults(), "to-redemption-results");
        sendTo(written.get("written-rejections"), topics.rejections(), "to-rejections");
        return builder.build();
    }

    /**
     * The program versions a running writer judges by, from its global store; {@code seed} while
     * loyalty.program holds none.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the writer is not running
     */
    public static ProgramVersions programVersions(KafkaStreams writer, Program seed) {
        return PublishedProgram.read(writer.store(StoreQueryParameters.fromNameAndType(
                PublishedProgram.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()))).orSeed(seed);
    }

    private static void addStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AccountStore.ACCOUNTS), KEYS, VALUES));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AccountStore.DUE_INDEX), Serdes.Bytes(), VALUES));
        // One key per task, rewritten by almost every event: the cache sends the changelog only the
        // value in force at each commit. In memory: a RocksDB instance per task to open at every start
        // would cost more than reading back one compacted key.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ClockStore.STORE), KEYS, Serdes.Long()).withCachingEnabled());
    }

    private static void sendTo(KStream<String, WriterOutput> stream, String topic, String name) {
        stream.mapValues(WriterOutput::value, Named.as(name + "-bytes"))
                .to(topic, Produced.with(KEYS, VALUES).withName(name));
    }

    /**
     * Streams settings the writer needs whatever the deployment: exactly-once above all, and the handlers
     * that park an event the writer fails on instead of stopping (they count it through the listener).
     */
    public static Properties requiredStreamsConfig(WriterOptions options) {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The writer's task reads the events and the re-keying topic: waiting to order them by timestamp
        // would only add latency, since events of one customer from two producers have no order anyway.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ParkingProcessingHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ParkingProductionHandler.class);
        p.put(ParkedEvents.TOPICS_CONFIG, options.topics());
        p.put(ParkedEvents.LISTENER_CONFIG, options.listener());
        return p;
    }
}
