package dev.loyalty.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process, writer and projections alike. Left to
 * itself each store (one per store and partition) takes its own block cache, index and filter blocks
 * and up to three 16 MiB memtables, so native memory grows with the partitions held. Here all stores
 * share one block cache, which also holds their index and filter blocks and is charged for their
 * memtables: RocksDB's native memory stays near {@link #TOTAL_BYTES} however many stores are open.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Block cache, index and filter blocks and memtables of every store together. */
    static final long TOTAL_BYTES = 128L * 1024 * 1024;
    /** The part of {@link #TOTAL_BYTES} memtables may hold before the fullest is flushed. */
    static final long MEMTABLE_BYTES = 48L * 1024 * 1024;
    /** Index and filter blocks are kept ahead of data blocks: evicting them costs a read per lookup. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    // Static: Kafka Streams makes a setter per store, and the budget is for all of them together.
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, INDEX_AND_FILTER_SHARE);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store, open or still to come: kept.
    }
}
