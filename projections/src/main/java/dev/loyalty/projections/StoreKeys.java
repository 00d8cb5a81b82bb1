package dev.loyalty.projections;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * Binary keys whose byte order is the order range scans need: a customer's history by seq, and the
 * due index by due time; and the history's values, ledger offsets.
 */
final class StoreKeys {

    private StoreKeys() {
    }

    /**
     * Length of the customer id, the id, then the big-endian seq. The length prefix keeps one
     * customer's range from running into a customer whose id starts with the same characters.
     */
    static Bytes history(String customerId, long seq) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(2 + id.length + 8).putShort((short) id.length).put(id).putLong(seq)
                .array());
    }

    static long seqOfHistoryKey(Bytes key) {
        byte[] k = key.get();
        return ByteBuffer.wrap(k).getLong(k.length - Long.BYTES);
    }

    /** A history value: the entry's offset in its ledger partition, big-endian without its leading zero bytes. */
    static byte[] ledgerOffset(long offset) {
        int length = Math.max(1, Long.BYTES - Long.numberOfLeadingZeros(offset) / Byte.SIZE);
        byte[] value = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            value[i] = (byte) offset;
            offset >>>= Byte.SIZE;
        }
        return value;
    }

    /**
     * Whether a history value is the entry itself, as stores kept it before they kept offsets: an
     * entry's JSON is always longer than an offset.
     */
    static boolean holdsEntry(byte[] value) {
        return value.length > Long.BYTES;
    }

    /** @throws IllegalArgumentException for a value that is no offset */
    static long ledgerOffsetOf(byte[] value) {
        if (value.length < 1 || value.length > Long.BYTES) {
            throw new IllegalArgumentException("a history value of " + value.length + " bytes is not a ledger offset");
        }
        long offset = 0;
        for (byte b : value) {
            offset = offset << Byte.SIZE | (b & 0xff);
        }
        return offset;
    }

    /** Big-endian due epoch millis, then the customer id: due entries sort by time. */
    static Bytes due(Instant at, String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(at.toEpochMilli()).put(id).array());
    }

    /** The lowest key due after {@code at}: the upper end of a scan for everything due by {@code at}. */
    static Bytes dueAfter(Instant at) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(at.toEpochMilli() + 1).array());
    }

    static Bytes dueFromTheStart() {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(0).array());
    }

    static String customerOfDueKey(Bytes key) {
        byte[] k = key.get();
        return new String(k, 8, k.length - 8, StandardCharsets.UTF_8);
    }
}
