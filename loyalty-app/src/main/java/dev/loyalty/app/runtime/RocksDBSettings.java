package dev.loyalty.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

/**
 * Every RocksDB store of the process shares one bounded block cache (Kafka Streams' default gives each
 * store instance its own 50 MB), and compresses its files (the default does not): stored ledger entries
 * are JSON, which LZ4 shrinks for little CPU. Memtables keep Kafka Streams' defaults: a shared
 * write-buffer budget of 32 MB made the stores flush so often that writes stalled for minutes.
 * The only place the project tunes RocksDB.
 */
public final class RocksDBSettings implements RocksDBConfigSetter {

    private static final long BLOCK_CACHE_BYTES = 64L * 1024 * 1024;
    private static final Cache CACHE = new LRUCache(BLOCK_CACHE_BYTES);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        options.setTableFormatConfig(table);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache is shared by every store and lives as long as the process.
    }
}
