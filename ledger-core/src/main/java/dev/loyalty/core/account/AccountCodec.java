package dev.loyalty.core.account;

import dev.loyalty.core.ledger.LedgerChain;
import dev.loyalty.core.ledger.RedemptionResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
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

    private AccountCodec() {
    }

    public static byte[] encode(Account a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(a.customerId());
            out.writeLong(a.seq());
            out.writeLong(a.balance());
            out.writeLong(a.debt());
            writeNullable(out, a.tier());
            List<Lot> lots = a.lotsInConsumptionOrder();
            out.writeInt(lots.size());
            for (Lot lot : lots) {
                out.writeUTF(lot.id());
                writeInstant(out, lot.expiresAt());
                out.writeLong(lot.remaining());
            }
            Map<String, Order> orders = a.orderMap();
            out.writeInt(orders.size());
            for (Map.Entry<String, Order> e : orders.entrySet()) {
                Order o = e.getValue();
                out.writeUTF(e.getKey());
                writeInstant(out, o.purchasedAt());
                writeDecimal(out, o.amount());
                out.writeLong(o.points());
                out.writeLong(o.clawedBack());
                out.writeInt(o.refunds().size());
                for (Refund r : o.refunds()) {
                    writeInstant(out, r.at());
                    writeDecimal(out, r.amount());
                }
            }
            Map<String, List<Instant>> engagements = a.engagementMap();
            out.writeInt(engagements.size());
            for (Map.Entry<String, List<Instant>> e : engagements.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (Instant t : e.getValue()) {
                    writeInstant(out, t);
                }
            }
            Map<String, Seen> seen = a.seenMap();
            out.writeInt(seen.size());
            for (Map.Entry<String, Seen> e : seen.entrySet()) {
                out.writeUTF(e.getKey());
                writeInstant(out, e.getValue().at());
                RedemptionResult r = e.getValue().result();
                out.writeBoolean(r != null);
                if (r != null) {
                    out.writeUTF(r.status());
                    out.writeLong(r.points());
                    out.writeLong(r.balanceAfter());
                    writeNullable(out, r.entryId());
                    writeNullable(out, r.reason());
                }
            }
            out.writeUTF(a.lastHash());
            out.writeBoolean(a.lastPurchaseAt() != null);
            if (a.lastPurchaseAt() != null) {
                writeInstant(out, a.lastPurchaseAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static Account decode(byte[] data) {
        return decode(data, 0);
    }

    /** Decodes an account stored from {@code offset} to the end of {@code data}. */
    public static Account decode(byte[] data, int offset) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, data.length - offset))) {
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_LAST_PURCHASE && version != VERSION_WITHOUT_HASH) {
                throw new IllegalStateException("unknown stored account format " + version);
            }
            String customerId = in.readUTF();
            long seq = in.readLong();
            long balance = in.readLong();
            long debt = in.readLong();
            String tier = readNullable(in);
            int n = in.readInt();
            List<Lot> lots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lots.add(new Lot(in.readUTF(), readInstant(in), in.readLong()));
            }
            n = in.readInt();
            Map<String, Order> orders = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String orderId = in.readUTF();
                Instant purchasedAt = readInstant(in);
                BigDecimal amount = readDecimal(in);
                long points = in.readLong();
                long clawedBack = in.readLong();
                int m = in.readInt();
                List<Refund> refunds = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    refunds.add(new Refund(readInstant(in), readDecimal(in)));
                }
                orders.put(orderId, new Order(purchasedAt, amount, points, refunds, clawedBack));
            }
            n = in.readInt();
            Map<String, List<Instant>> engagements = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String action = in.readUTF();
                int m = in.readInt();
                List<Instant> times = new ArrayList<>(m);
                for (int j = 0; j < m; j++) {
                    times.add(readInstant(in));
                }
                engagements.put(action, List.copyOf(times));
            }
            n = in.readInt();
            Map<String, Seen> seen = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String eventId = in.readUTF();
                Instant at = readInstant(in);
                RedemptionResult result = null;
                if (in.readBoolean()) {
                    result = new RedemptionResult(eventId, customerId, in.readUTF(), in.readLong(), in.readLong(),
                            readNullable(in), readNullable(in));
                }
                seen.put(eventId, new Seen(at, result));
            }
            // An account stored before the chain goes on from the genesis value (docs/security.md).
            String lastHash = version == VERSION_WITHOUT_HASH ? LedgerChain.GENESIS : in.readUTF();
            Instant lastPurchaseAt = version == VERSION
                    ? (in.readBoolean() ? readInstant(in) : null)
                    : latestRemembered(orders);
            return new Account(customerId, seq, balance, debt, tier, lots, orders, engagements, seen, lastHash,
                    lastPurchaseAt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeDecimal(DataOutputStream out, BigDecimal d) throws IOException {
        out.writeInt(d.scale());
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeByte(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readUnsignedByte()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
