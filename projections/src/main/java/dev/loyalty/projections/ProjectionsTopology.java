package dev.loyalty.projections;

import dev.loyalty.core.topic.Topics;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The projections: loyalty.ledger in; customer views, histories and program totals kept in named
 * stores (read through {@link dev.loyalty.projections.query.ProjectionReader}); tier changes, expiry warnings
 * and churn signals out. Every store has a fixed name so a rebuilt generation finds the same ones.
 */
public final class ProjectionsTopology {

    public static final String DEFAULT_APPLICATION_ID = "loyalty-projections";

    /**
     * Customer id and seq ({@link #historyKey}) to the entry's offset in the ledger partition of the
     * task ({@link #ledgerOffset}): the entry itself is read from the ledger when asked for.
     */
    public static final String HISTORY_STORE = "projection-history";
    /** One {@link ProgramTotals} per partition, in its binary form ({@link ProgramTotals#toBytes}). */
    public static final String TOTALS_STORE = "projection-totals";
    /** Customer id to {@link CustomerState}; views are rendered from it when asked ({@link CustomerViews}). */
    public static final String CUSTOMERS_STORE = "projection-customers";
    static final String DUE_STORE = "projection-due";
    static final String CLOCK_STORE = "projection-clock";

    private static final String SOURCE = "ledger-source";
    private static final String PROCESSOR = "projector";

    private ProjectionsTopology() {
    }

    public static Topology build(ProjectionOptions options) {
        Topics topics = options.topics();
        Topology topology = new Topology();
        topology.addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), topics.ledger());
        topology.addProcessor(PROCESSOR, () -> new ProjectionProcessor(options), SOURCE);
        for (StoreBuilder<?> store : List.of(
                // The entries of one event follow each other and rewrite the same customer and due keys:
                // the cache gives RocksDB and the changelog the last value of each at a commit.
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMERS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE), Serdes.Bytes(),
                        Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_STORE), Serdes.Bytes(),
                        Serdes.ByteArray()).withCachingEnabled(),
                // One key per partition, rewritten by almost every entry: the cache sends the changelog
                // only the value in force at each commit. In memory: a RocksDB instance per task to open
                // at every start would cost more than reading back one compacted key.
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CLOCK_STORE), Serdes.String(),
                        Serdes.Long()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TOTALS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled())) {
            topology.addStateStore(store, PROCESSOR);
        }
        for (String topic : List.of(topics.tierChanges(), topics.expiryWarnings(), topics.churnSignals())) {
            topology.addSink(sinkName(topic), topic, new StringSerializer(), new ByteArraySerializer(), PROCESSOR);
        }
        return topology;
    }

    /**
     * Streams settings the projections need whatever the deployment. A ledger record the projections fail
     * on is logged and skipped (and counted in Kafka Streams' dropped-records metric) rather than stopping
     * every customer's views: the ledger stays the truth, and {@code verify} and a replay show the difference.
     */
    public static Properties requiredStreamsConfig() {
        Properties p = new Properties();
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        return p;
    }

    /** The key of one history entry: customer ids sort apart, and a customer's entries by seq. */
    public static Bytes historyKey(String customerId, long seq) {
        return StoreKeys.history(customerId, seq);
    }

    /** The seq of a history key. */
    public static long historySeq(Bytes historyKey) {
        return StoreKeys.seqOfHistoryKey(historyKey);
    }

    /**
     * Whether a history value is the ledger entry itself rather than its offset: a store written before
     * the history was served from the ledger holds its older entries so, and they are served as they are.
     */
    public static boolean historyHoldsEntry(byte[] historyValue) {
        return StoreKeys.holdsEntry(historyValue);
    }

    /**
     * The ledger offset a history value holds.
     *
     * @throws IllegalArgumentException when the value is no offset
     */
    public static long ledgerOffset(byte[] historyValue) {
        return StoreKeys.ledgerOffsetOf(historyValue);
    }

    static String sinkName(String topic) {
        return "sink-" + topic;
    }
}
