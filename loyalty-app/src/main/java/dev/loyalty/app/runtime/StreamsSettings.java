package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/** Kafka Streams settings both applications of a {@code run} share, for one process on a small machine. */
public final class StreamsSettings {

    static final String INTERNAL_SEGMENT_MS = String.valueOf(10 * 60 * 1000);
    static final String INTERNAL_SEGMENT_BYTES = String.valueOf(64 * 1024 * 1024);
    static final int RESTORE_FETCH_MAX_WAIT_MS = 50;
    static final int HEARTBEAT_INTERVAL_MS = 500;
    static final int MAX_POLL_RECORDS = 500;

    private StreamsSettings() {
    }

    /**
     * @param connection the cluster, and the application's own principal on a secured one
     * @param self where other instances reach this one's HTTP API: the group names each member's tasks by it,
     *     by which the projections route queries and readiness finds this instance's own part ({@link OwnPart})
     */
    static Properties common(RunSettings settings, KafkaConnection connection, String applicationId, HostInfo self) {
        Properties p = new Properties();
        p.putAll(connection.clientConfig());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(settings).toString());
        settings.replicationFactor().ifPresent(r -> {
            p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) r);
            // Internal topics (changelogs, repartition) as durable as the system's own.
            p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), TopicProvisioner.minInSyncReplicas(r));
        });
        p.putAll(internalTopics());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // One stream thread each: the box has two cores, and the broker may share them.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        p.putAll(throughput());
        // A dead instance's work moves to the others after this long, not the default 45 s.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        // A member learns that its group rebalances (a peer joined or left) from its next heartbeat: every 3 s by
        // default, which a restarted peer waited out at each of its rebalances before the group could go on.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        // Static membership: an instance restarted after a crash, within the session timeout, takes its
        // tasks back at once instead of waiting for its previous self to time out of the group.
        // Kafka Streams appends each stream thread's index.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), InstanceId.of(settings.dataDir()));
        // A restore ends with fetches at the changelogs' ends, which the broker holds for fetch.max.wait.ms when
        // nothing more is there: 500 ms by default, a task or two at a time, most of a restart's restore.
        // Standbys poll continuously with it: 20 fetches a second instead of 2.
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        // An instance back from a crash holds nothing (CrashRecovery). Each task the group would give it stays
        // active where an up-to-date copy is while a warm-up copy restores here; past this many at once (two by
        // default) the rest come back cold and must restore before the instance runs. A partition count's worth
        // lets every task of the instance warm up.
        p.put(StreamsConfig.MAX_WARMUP_REPLICAS_CONFIG, Math.max(2, settings.partitions()));
        GlobalProcessingHandler.enable(p);
        // Set by the operator (streams.<name>), so over the defaults above; never over what a topology requires.
        p.putAll(settings.streamsConfig());
        return p;
    }

    /** Where the applications keep their stores, each in its own subdirectory named after its id. */
    static Path stateDir(RunSettings settings) {
        return settings.dataDir().resolve("streams").toAbsolutePath();
    }

    /** The local state of the application {@code applicationId} of this instance. */
    static LocalState localState(RunSettings settings, String applicationId) {
        return new LocalState(stateDir(settings), applicationId);
    }

    /**
     * Segments of the internal topics Kafka Streams creates. A compacted changelog is compacted only once
     * its segment rolls, and the broker's default segment (1 GiB, 7 days) would keep every write of a busy
     * store: a restore after a crash (exactly-once restores a crashed task from scratch) would re-read all
     * of them, growing with the system's age. Rolling every 10 minutes or 64 MiB bounds it by the live keys
     * plus the last segment; repartition topics get the same, close to Kafka Streams' own defaults for them.
     */
    static Properties internalTopics() {
        Properties p = new Properties();
        p.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_MS_CONFIG), INTERNAL_SEGMENT_MS);
        p.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), INTERNAL_SEGMENT_BYTES);
        return p;
    }

    /** How the applications read, write and store, live; shared with {@code bench}'s own Streams applications. */
    public static Properties throughput() {
        Properties p = new Properties();
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // With transactions v2 the first batch of a transaction may be refused while the previous one is
        // still completing; batches sent behind it then fail as out of order and are retried in a storm.
        // One request in flight per connection avoids that, and costs little with batching.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        // A stream thread takes part in a rebalance only at its next poll, and polls again once it has processed
        // what the last one returned: behind under load, 2,000 records kept a peer's restart waiting 2 to 3.5 s
        // at each rebalance.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), MAX_POLL_RECORDS);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDBSettings.class);
        return p;
    }
}
