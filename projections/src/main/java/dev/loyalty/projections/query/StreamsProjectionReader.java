package dev.loyalty.projections.query;

import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.CustomerViews;
import dev.loyalty.projections.ProjectionsTopology;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the projections' stores of a running {@link KafkaStreams} (interactive queries). A read of
 * {@link Copy#ANY} uses Kafka Streams' stale stores: standby copies and restoring active ones,
 * readable during a rebalance too. A customer's history is read from the ledger at the offsets the
 * history store keeps.
 */
public final class StreamsProjectionReader implements ProjectionReader {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final CustomerViews views;
    private final LedgerRecordReader ledger;

    /**
     * @param self this instance's {@code application.server}
     * @param ledger reads the ledger the application reads; its owner closes it
     */
    public StreamsProjectionReader(KafkaStreams streams, HostInfo self, CustomerViews views, LedgerRecordReader ledger) {
        this.streams = streams;
        this.self = self;
        this.views = views;
        this.ledger = ledger;
    }

    @Override
    public Owner owner(String customerId) {
        KeyQueryMetadata md;
        try {
            md = streams.queryMetadataForKey(ProjectionsTopology.CUSTOMERS_STORE, customerId,
                    Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            return new NotAvailable(-1);
        }
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new NotAvailable(-1);
        }
        // While a partition has no active copy, Kafka Streams names a placeholder host.
        if (md.activeHost() == null || md.activeHost().equals(HostInfo.unavailable())) {
            return new NotAvailable(md.partition());
        }
        return md.activeHost().equals(self) ? new Local(md.partition())
                : new Remote(baseUrl(md.activeHost()), md.partition());
    }

    @Override
    public Optional<byte[]> view(String customerId, int partition, Copy copy) {
        ReadOnlyKeyValueStore<String, byte[]> store = store(ProjectionsTopology.CUSTOMERS_STORE, partition, copy);
        byte[] state;
        try {
            state = store.get(customerId);
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the customer store is not available: " + e.getMessage(), e);
        }
        return Optional.ofNullable(state).map(views::render);
    }

    @Override
    public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
        ReadOnlyKeyValueStore<Bytes, byte[]> store = store(ProjectionsTopology.HISTORY_STORE, partition, copy);
        // The entries in seq order; null where the ledger is to be read at one of the positions.
        List<byte[]> entries = new ArrayList<>();
        List<LedgerRecordReader.Position> positions = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(ProjectionsTopology.historyKey(customerId, fromSeq),
                ProjectionsTopology.historyKey(customerId, Long.MAX_VALUE))) {
            while (it.hasNext() && entries.size() < limit) {
                KeyValue<Bytes, byte[]> next = it.next();
                if (ProjectionsTopology.historyHoldsEntry(next.value)) {
                    entries.add(next.value);
                } else {
                    entries.add(null);
                    positions.add(new LedgerRecordReader.Position(ProjectionsTopology.historySeq(next.key),
                            ProjectionsTopology.ledgerOffset(next.value)));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the history store is not available: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new Unavailable("the history store holds a value that is neither an entry nor an offset: "
                    + e.getMessage(), e);
        }
        if (positions.isEmpty()) {
            return entries;
        }
        // The ledger partition is the store's: the projections read the ledger alone, keyed by customer id.
        Iterator<byte[]> fromLedger = ledger.read(customerId, partition, positions).iterator();
        entries.replaceAll(entry -> entry != null ? entry : fromLedger.next());
        return entries;
    }

    @Override
    public ProgramTotals localTotals() {
        ProgramTotals sum = new ProgramTotals();
        ReadOnlyKeyValueStore<String, byte[]> store = store(ProjectionsTopology.TOTALS_STORE, null, Copy.ACTIVE);
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                sum.add(ProgramTotals.fromBytes(next.value));
            }
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the totals store is not available: " + e.getMessage(), e);
        }
        return sum;
    }

    @Override
    public List<String> otherInstances() {
        List<String> others = new ArrayList<>();
        try {
            for (StreamsMetadata md : streams.streamsMetadataForStore(ProjectionsTopology.TOTALS_STORE)) {
                if (!md.hostInfo().equals(self)) {
                    others.add(baseUrl(md.hostInfo()));
                }
            }
        } catch (StreamsException | IllegalStateException e) {
            throw new Unavailable("instance metadata is not available: " + e.getMessage(), e);
        }
        return others;
    }

    private <K> ReadOnlyKeyValueStore<K, byte[]> store(String name, Integer partition, Copy copy) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, byte[]>> params =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        if (partition != null) {
            params = params.withPartition(partition);
        }
        if (copy == Copy.ANY) {
            params = params.enableStaleStores();
        }
        try {
            return streams.store(params);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new Unavailable("store " + name + " is not available: " + e.getMessage(), e);
        }
    }

    private static String baseUrl(HostInfo host) {
        return "http://" + host.host() + ":" + host.port();
    }
}
