package dev.loyalty.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * How every RocksDB store of the process, writer and projections alike, uses memory and disk; the only
 * place the project tunes RocksDB. Left to itself each store (one per store and partition) takes its own
 * 50 MB block cache and keeps its index and filter blocks outside any cache, so native memory grows with
 * the partitions held. Here all stores share one block cache of {@link #TOTAL_BYTES}, which also holds
 * their index and filter blocks. Memtables keep Kafka Streams' defaults (up to three of 16 MiB per
 * store): charging them to the shared cache (a 48 MiB write-buffer budget) made stores flush so often
 * that a replay ran at a third of its speed (docs/runtime.md, Memory). Files are LZ4-compressed (the
 * default is none): stored ledger entries are JSON, which LZ4 shrinks for little CPU.
 */
public final class RocksDBSettings implements RocksDBConfigSetter {

    /** Block cache with the index and filter blocks of every store together. */
    static final long TOTAL_BYTES = 128L * 1024 * 1024;
    /** Index and filter blocks are kept ahead of data blocks: evicting them costs a read per lookup. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    // Static: Kafka Streams makes a setter per store, and the budget is for all of them together.
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, INDEX_AND_FILTER_SHARE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache is shared by every store, open or still to come: kept.
    }
}
