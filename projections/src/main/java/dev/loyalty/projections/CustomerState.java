package dev.loyalty.projections;

import dev.loyalty.core.account.Account;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the projections remember about one customer between ledger entries: the account fold the
 * writer uses, plus what views and signals need on top of it. Read and written for every entry, so
 * it is stored in a compact binary form: a format byte, the fields below, then the account in its
 * own binary form ({@link Account#toBytes()}).
 */
final class CustomerState {

    private static final byte FORMAT = 1;

    Account account;
    long lifetimeEarned;
    long lifetimeRedeemed;
    long lifetimeExpired;
    long purchaseCount;
    Instant lastPurchaseAt;
    long lastPurchaseSeq;
    /** Times of the latest purchases, oldest first, for the median gap between purchases. */
    List<Instant> recentPurchases = new ArrayList<>();
    ChurnStatus status = ChurnStatus.ACTIVE;
    /** Counted among the program's active members. */
    boolean active;
    /** The last expiry day a warning was decided for. */
    LocalDate warnedThrough;
    /** The business time due work has been done up to; the view is as of this time. */
    Instant advancedTo;
    /** This customer's key in the due index, null when nothing is due. */
    Instant dueAt;

    private CustomerState() {
    }

    CustomerState(Account account) {
        this.account = account;
    }

    String customerId() {
        return account.customerId();
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(lifetimeEarned);
            out.writeLong(lifetimeRedeemed);
            out.writeLong(lifetimeExpired);
            out.writeLong(purchaseCount);
            writeInstant(out, lastPurchaseAt);
            out.writeLong(lastPurchaseSeq);
            out.writeInt(recentPurchases.size());
            for (Instant t : recentPurchases) {
                writeInstant(out, t);
            }
            out.writeUTF(status.name());
            out.writeBoolean(active);
            out.writeLong(warnedThrough == null ? Long.MIN_VALUE : warnedThrough.toEpochDay());
            writeInstant(out, advancedTo);
            writeInstant(out, dueAt);
            out.write(account.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static CustomerState fromBytes(byte[] stored) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(stored);
        try (DataInputStream in = new DataInputStream(bytes)) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown stored customer state format " + format);
            }
            CustomerState s = new CustomerState();
            s.lifetimeEarned = in.readLong();
            s.lifetimeRedeemed = in.readLong();
            s.lifetimeExpired = in.readLong();
            s.purchaseCount = in.readLong();
            s.lastPurchaseAt = readInstant(in);
            s.lastPurchaseSeq = in.readLong();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                s.recentPurchases.add(readInstant(in));
            }
            s.status = ChurnStatus.valueOf(in.readUTF());
            s.active = in.readBoolean();
            long warned = in.readLong();
            s.warnedThrough = warned == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(warned);
            s.advancedTo = readInstant(in);
            s.dueAt = readInstant(in);
            s.account = Account.fromBytes(stored, stored.length - bytes.available());
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }
}
