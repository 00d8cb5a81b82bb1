package dev.loyalty.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Every RocksDB store of the process shares one bounded block cache and one write-buffer budget (Kafka
 * Streams' default gives each store instance its own 50 MB cache and 3 x 16 MB memtables), and compresses
 * its files (the default does not): stored ledger entries are JSON, which LZ4 shrinks several times for
 * little CPU. The only place the project tunes RocksDB.
 */
public final class RocksDBSettings implements RocksDBConfigSetter {

    private static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    /** Memtables of all stores together, counted against the block cache. */
    private static final long WRITE_BUFFER_BYTES = 32L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    private static final Cache CACHE = new LRUCache(BLOCK_CACHE_BYTES);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(WRITE_BUFFER_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer budget are shared by every store and live as long as the process.
    }
}
