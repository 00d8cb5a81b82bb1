package dev.loyalty.projections.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ledger records at the offsets the projections' history keeps: assigned and sought, no consumer
 * group, {@code read_committed} like the projections themselves. Consumers are reused across queries;
 * one query holds one for its whole read.
 */
public final class LedgerRecordReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecordReader.class);
    /** Consumers kept open between queries; more open while more queries run at once, and close after. */
    private static final int IDLE_CONSUMERS = 4;
    /** How long one query may wait for the broker before it answers that the history is unavailable. */
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /**
     * Per fetch: the records asked for and their neighbours (the entries of one event are adjacent);
     * the broker sends at least a whole batch whatever this says.
     */
    private static final int FETCH_BYTES = 64 * 1024;
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final String topic;
    private final Map<String, Object> config;
    private final Deque<KafkaConsumer<byte[], byte[]>> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param clientConfig bootstrap servers and security settings, as the projections' principal on a
     *     secured cluster (it reads the ledger already)
     */
    public LedgerRecordReader(String ledgerTopic, Map<String, Object> clientConfig) {
        this.topic = ledgerTopic;
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // An offset the ledger no longer has (retention, a ledger recreated shorter) is an error, never another record.
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, FETCH_BYTES);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_BYTES);
        // The consumer fetches ahead after each poll; at the ledger's end that fetch would wait up to 500 ms
        // for new records, and the next seek waits for it to come back first.
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.config = c;
    }

    /** Where a customer's entry of {@code seq} is: its offset in the customer's ledger partition. */
    record Position(long seq, long offset) {
    }

    /**
     * The ledger record values at {@code positions}, in their order, each checked to be the customer's
     * entry of that seq.
     *
     * @throws ProjectionReader.Unavailable when a record cannot be read now, or the ledger holds
     *     something else at its offset (a ledger recreated under the same name, records deleted)
     */
    List<byte[]> read(String customerId, int partition, List<Position> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            consumer = borrow();
            return read(consumer, customerId, new TopicPartition(topic, partition), positions);
        } catch (KafkaException e) {
            // Among them an offset the ledger no longer has (records deleted, a ledger recreated shorter).
            LOG.warn("could not read customer {}'s history from {}-{}: {}", customerId, topic, partition, e.toString());
            throw new ProjectionReader.Unavailable("the ledger could not be read at the history's offsets: "
                    + e.getMessage(), e);
        } finally {
            if (consumer != null) {
                giveBack(consumer);
            }
        }
    }

    private List<byte[]> read(KafkaConsumer<byte[], byte[]> consumer, String customerId, TopicPartition partition,
                              List<Position> positions) {
        consumer.assign(List.of(partition));
        Set<Long> wanted = new HashSet<>();
        positions.forEach(p -> wanted.add(p.offset()));
        Map<Long, byte[]> found = new HashMap<>();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (Position p : positions) {
            if (!found.containsKey(p.offset())) {
                consumer.seek(partition, p.offset());
                fetchThrough(consumer, partition, p.offset(), wanted, found, deadline);
            }
        }
        List<byte[]> values = new ArrayList<>(positions.size());
        for (Position p : positions) {
            byte[] value = found.get(p.offset());
            if (value == null || !isEntry(value, customerId, p.seq())) {
                LOG.warn("{}-{} holds no entry of customer {} with seq {} at offset {}, where the history index"
                        + " points: was the ledger recreated, or were records deleted?", partition.topic(),
                        partition.partition(), customerId, p.seq(), p.offset());
                throw new ProjectionReader.Unavailable("the ledger no longer holds customer " + customerId
                        + "'s entry " + p.seq() + " where the history index points (offset " + p.offset()
                        + " of partition " + partition.partition() + ")", null);
            }
            values.add(value);
        }
        return values;
    }

    /**
     * Polls from the consumer's position until a record at or past {@code target} came, keeping the
     * values of every wanted offset that passes by. An offset without a data record (a transaction
     * marker) yields nothing, so it is not found.
     */
    private static void fetchThrough(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long target,
                                     Set<Long> wanted, Map<Long, byte[]> found, long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ProjectionReader.Unavailable("the ledger did not answer within " + PATIENCE.toSeconds()
                        + " s", null);
            }
            boolean reached = false;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofNanos(left)).records(partition)) {
                if (wanted.contains(r.offset())) {
                    found.put(r.offset(), r.value());
                }
                reached |= r.offset() >= target;
            }
            if (reached) {
                return;
            }
        }
    }

    private static boolean isEntry(byte[] value, String customerId, long seq) {
        try {
            JsonNode entry = Json.MAPPER.readTree(value);
            return entry != null && customerId.equals(entry.path("customerId").asText(null))
                    && entry.path("seq").asLong(-1) == seq;
        } catch (IOException e) {
            return false;
        }
    }

    private KafkaConsumer<byte[], byte[]> borrow() {
        synchronized (idle) {
            if (closed) {
                throw new ProjectionReader.Unavailable("the ledger reader is closed", null);
            }
            KafkaConsumer<byte[], byte[]> consumer = idle.pollFirst();
            if (consumer != null) {
                return consumer;
            }
        }
        Map<String, Object> c = new HashMap<>(config);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "loyalty-ledger-reader-" + CLIENTS.incrementAndGet());
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void giveBack(KafkaConsumer<byte[], byte[]> consumer) {
        synchronized (idle) {
            if (!closed && idle.size() < IDLE_CONSUMERS) {
                idle.addFirst(consumer);
                return;
            }
        }
        consumer.close();
    }

    @Override
    public void close() {
        List<KafkaConsumer<byte[], byte[]>> open;
        synchronized (idle) {
            closed = true;
            open = new ArrayList<>(idle);
            idle.clear();
        }
        open.forEach(KafkaConsumer::close);
    }
}
