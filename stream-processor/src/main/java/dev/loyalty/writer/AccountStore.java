package dev.loyalty.writer;

import dev.loyalty.core.account.Account;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The writer's accounts and the index of when each next has time-driven work. The index key is the
 * due time (8 bytes, big-endian, so byte order is time order) followed by the customer id; a range
 * scan up to now finds the due accounts without looking at any other.
 */
final class AccountStore {

    static final String ACCOUNTS = "writer-accounts";
    static final String DUE_INDEX = "writer-due-index";

    private static final long NEVER = Long.MIN_VALUE;
    private static final byte[] EMPTY = new byte[0];

    private final KeyValueStore<String, byte[]> accounts;
    private final KeyValueStore<Bytes, byte[]> dueIndex;

    AccountStore(KeyValueStore<String, byte[]> accounts, KeyValueStore<Bytes, byte[]> dueIndex) {
        this.accounts = accounts;
        this.dueIndex = dueIndex;
    }

    /** The stored account, or null for a customer never seen. */
    Account load(String customerId) {
        byte[] stored = accounts.get(customerId);
        return stored == null ? null : Account.fromBytes(stored, Long.BYTES);
    }

    /** @param account the account in its stored form ({@link Account#toBytes()}) */
    void save(String customerId, byte[] account, Instant nextDue) {
        byte[] previous = accounts.get(customerId);
        long oldDue = previous == null ? NEVER : ByteBuffer.wrap(previous).getLong();
        long newDue = nextDue == null ? NEVER : nextDue.toEpochMilli();
        if (oldDue != newDue) {
            if (oldDue != NEVER) {
                dueIndex.delete(indexKey(oldDue, customerId));
            }
            if (newDue != NEVER) {
                dueIndex.put(indexKey(newDue, customerId), EMPTY);
            }
        }
        accounts.put(customerId, withDue(account, newDue));
    }

    /** The stored form of an account: its next due time, then the account. */
    static byte[] encode(Account account, Instant nextDue) {
        return withDue(account.toBytes(), nextDue == null ? NEVER : nextDue.toEpochMilli());
    }

    private static byte[] withDue(byte[] account, long due) {
        return ByteBuffer.allocate(Long.BYTES + account.length).putLong(due).put(account).array();
    }

    /** Customers with work due at or before {@code now}, earliest first. */
    List<String> dueBy(Instant now) {
        List<String> due = new ArrayList<>();
        Bytes from = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(0L).array());
        // The bare next millisecond sorts after every key due by now, whatever bytes a customer id has.
        Bytes to = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now.toEpochMilli() + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = dueIndex.range(from, to)) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> next = it.next();
                byte[] key = next.key.get();
                due.add(new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8));
            }
        }
        return due;
    }

    static Bytes indexKey(Instant due, String customerId) {
        return indexKey(due.toEpochMilli(), customerId);
    }

    private static Bytes indexKey(long dueMillis, String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        // Due times before 1970 are not expected; clamp so they sort first rather than last.
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(Math.max(0L, dueMillis)).put(id).array());
    }
}
