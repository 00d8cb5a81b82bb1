package dev.loyalty.core.account;

import dev.loyalty.core.ledger.LedgerChain;
import dev.loyalty.core.ledger.RedemptionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored form of an {@link Account}: a compact binary layout, read and written on every event,
 * where JSON would cost several times more. The first byte is a format version so the layout can
 * change without losing stored accounts.
 */
public final class AccountCodec {

    private static final byte VERSION = 3;
    /** Before campaign conditions: no latest purchase time. */
    private static final byte VERSION_WITHOUT_LAST_PURCHASE = 2;
    /** Before the ledger's hash chain: no last hash. */
    private static final byte VERSION_WITHOUT_HASH = 1;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private AccountCodec() {
    }

    public static byte[] encode(Account a) {
        Out out = new Out(estimatedSize(a));
        out.putByte(VERSION);
        out.putUtf(a.customerId());
        out.putLong(a.seq());
        out.putLong(a.balance());
        out.putLong(a.debt());
        out.putNullable(a.tier());
        List<Lot> lots = a.lotsInConsumptionOrder();
        out.putInt(lots.size());
        for (Lot lot : lots) {
            out.putUtf(lot.id());
            out.putInstant(lot.expiresAt());
            out.putLong(lot.remaining());
        }
        Map<String, Order> orders = a.orderMap();
        out.putInt(orders.size());
        for (Map.Entry<String, Order> e : orders.entrySet()) {
            Order o = e.getValue();
            out.putUtf(e.getKey());
            out.putInstant(o.purchasedAt());
            out.putDecimal(o.amount());
            out.putLong(o.points());
            out.putLong(o.clawedBack());
            out.putInt(o.refunds().size());
            for (Refund r : o.refunds()) {
                out.putInstant(r.at());
                out.putDecimal(r.amount());
            }
        }
        Map<String, List<Instant>> engagements = a.engagementMap();
        out.putInt(engagements.size());
        for (Map.Entry<String, List<Instant>> e : engagements.entrySet()) {
            out.putUtf(e.getKey());
            out.putInt(e.getValue().size());
            for (Instant t : e.getValue()) {
                out.putInstant(t);
            }
        }
        Map<String, Seen> seen = a.seenMap();
        out.putInt(seen.size());
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            out.putUtf(e.getKey());
            out.putInstant(e.getValue().at());
            RedemptionResult r = e.getValue().result();
            out.putBoolean(r != null);
            if (r != null) {
                out.putUtf(r.status());
                out.putLong(r.points());
                out.putLong(r.balanceAfter());
                out.putNullable(r.entryId());
                out.putNullable(r.reason());
            }
        }
        out.putUtf(a.lastHash());
        out.putBoolean(a.lastPurchaseAt() != null);
        if (a.lastPurchaseAt() != null) {
            out.putInstant(a.lastPurchaseAt());
        }
        return out.toByteArray();
    }

    public static Account decode(byte[] data) {
        return decode(data, 0);
    }

    /** Decodes an account stored from {@code offset} to the end of {@code data}. */
    public static Account decode(byte[] data, int offset) {
        In in = new In(data, offset);
        try {
            byte version = in.getByte();
            if (version != VERSION && version != VERSION_WITHOUT_LAST_PURCHASE && version != VERSION_WITHOUT_HASH) {
                throw new IllegalStateException("unknown stored account format " + version);
            }
            String customerId = in.getUtf();
            long seq = in.getLong();
            long balance = in.getLong();
            long debt = in.getLong();
            String tier = in.getNullable();
            int n = in.getInt();
            List<Lot> lots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lots.add(new Lot(in.getUtf(), in.getInstant(), in.getLong()));
            }
            n = in.getInt();
            Map<String, Order> orders = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String orderId = in.getUtf();
                Instant purchasedAt = in.getInstant();
                BigDecimal amount = in.getDecimal();
                long points = in.getLong();
                long clawedBack = in.getLong();
                int m = in.getInt();
                List<Refund> refunds = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    refunds.add(new Refund(in.getInstant(), in.getDecimal()));
                }
                orders.put(orderId, new Order(purchasedAt, amount, points, refunds, clawedBack));
            }
            n = in.getInt();
            Map<String, List<Instant>> engagements = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String action = in.getUtf();
                int m = in.getInt();
                List<Instant> times = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    times.add(in.getInstant());
                }
                engagements.put(action, List.copyOf(times));
            }
            n = in.getInt();
            Map<String, Seen> seen = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String eventId = in.getUtf();
                Instant at = in.getInstant();
                RedemptionResult result = null;
                if (in.getBoolean()) {
                    result = new RedemptionResult(eventId, customerId, in.getUtf(), in.getLong(), in.getLong(),
                            in.getNullable(), in.getNullable());
                }
                seen.put(eventId, new Seen(at, result));
            }
            // An account stored before the chain goes on from the genesis value (docs/security.md).
            String lastHash = version == VERSION_WITHOUT_HASH ? LedgerChain.GENESIS : in.getUtf();
            Instant lastPurchaseAt = version == VERSION
                    ? (in.getBoolean() ? in.getInstant() : null)
                    : latestRemembered(orders);
            return new Account(customerId, seq, balance, debt, tier, lots, orders, engagements, seen, lastHash,
                    lastPurchaseAt);
        } catch (BufferUnderflowException e) {
            throw new UncheckedIOException(new EOFException("stored account cut short at byte " + in.position()));
        }
    }

    /**
     * An account stored before it kept its latest purchase time takes it from the orders it still
     * remembers (two years of them by default); a customer silent for longer counts as never purchased.
     */
    private static Instant latestRemembered(Map<String, Order> orders) {
        Instant latest = null;
        for (Order o : orders.values()) {
            if (latest == null || o.purchasedAt().isAfter(latest)) {
                latest = o.purchasedAt();
            }
        }
        return latest;
    }

    /** Room for a typical account at once: growing the buffer copies it. */
    private static int estimatedSize(Account a) {
        return 128 + 40 * a.lotsInConsumptionOrder().size() + 64 * a.orderMap().size() + 48 * a.seenMap().size()
                + 32 * a.engagementMap().size();
    }

    /**
     * Writes the layout of {@link DataOutputStream}, byte for byte (big-endian numbers, strings in its modified
     * UTF-8 after their length), straight into an array: the stream's synchronized single-byte writes were most
     * of the cost of every event's account.
     */
    private static final class Out {

        private byte[] buf;
        private int size;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void putByte(int v) {
            ensure(1);
            buf[size++] = (byte) v;
        }

        void putBoolean(boolean v) {
            putByte(v ? 1 : 0);
        }

        void putInt(int v) {
            ensure(Integer.BYTES);
            INT.set(buf, size, v);
            size += Integer.BYTES;
        }

        void putLong(long v) {
            ensure(Long.BYTES);
            LONG.set(buf, size, v);
            size += Long.BYTES;
        }

        /** Characters 1 to 127 are one byte each in modified UTF-8; any other string takes the stream's own encoder. */
        void putUtf(String s) {
            int n = s.length();
            boolean ascii = n <= 0xFFFF;
            for (int i = 0; ascii && i < n; i++) {
                char c = s.charAt(i);
                ascii = c != 0 && c < 0x80;
            }
            if (!ascii) {
                putModifiedUtf8(s);
                return;
            }
            ensure(2 + n);
            buf[size++] = (byte) (n >>> 8);
            buf[size++] = (byte) n;
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
        }

        private void putModifiedUtf8(String s) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() * 3 + 2);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            putBytes(bytes.toByteArray());
        }

        private void putBytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        void putNullable(String s) {
            putBoolean(s != null);
            if (s != null) {
                putUtf(s);
            }
        }

        void putInstant(Instant t) {
            putLong(t.getEpochSecond());
            putInt(t.getNano());
        }

        void putDecimal(BigDecimal d) {
            putInt(d.scale());
            byte[] unscaled = d.unscaledValue().toByteArray();
            putByte(unscaled.length);
            putBytes(unscaled);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads what {@link Out} (or a {@link DataOutputStream}, before it) wrote. */
    private static final class In {

        private final ByteBuffer buf;

        In(byte[] data, int offset) {
            buf = ByteBuffer.wrap(data, offset, data.length - offset);
        }

        int position() {
            return buf.position();
        }

        byte getByte() {
            return buf.get();
        }

        boolean getBoolean() {
            return buf.get() != 0;
        }

        int getInt() {
            return buf.getInt();
        }

        long getLong() {
            return buf.getLong();
        }

        /** Bytes 0 to 127 are one character each in modified UTF-8; any other string takes the stream's own decoder. */
        String getUtf() {
            int start = buf.position();
            int length = buf.getShort() & 0xFFFF;
            if (length > buf.remaining()) {
                throw new BufferUnderflowException();
            }
            byte[] array = buf.array();
            int from = buf.position();
            boolean ascii = true;
            for (int i = from; ascii && i < from + length; i++) {
                ascii = array[i] >= 0;
            }
            buf.position(from + length);
            if (ascii) {
                return new String(array, from, length, StandardCharsets.ISO_8859_1);
            }
            try {
                return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(array, start, 2 + length)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String getNullable() {
            return getBoolean() ? getUtf() : null;
        }

        Instant getInstant() {
            return Instant.ofEpochSecond(getLong(), getInt());
        }

        BigDecimal getDecimal() {
            int scale = getInt();
            byte[] unscaled = new byte[buf.get() & 0xFF];
            buf.get(unscaled);
            return new BigDecimal(new BigInteger(unscaled), scale);
        }
    }
}
