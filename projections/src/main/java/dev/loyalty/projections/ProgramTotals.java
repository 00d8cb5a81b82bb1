package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.loyalty.core.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over the customers of one partition. Every field is a plain sum, so the program's figures
 * are the sum of all partitions' totals ({@link #add}); rates are derived only after summing.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class ProgramTotals {

    /**
     * The stored form's first byte. The store held JSON before, whose first byte is '{': a data dir or
     * changelog written by an earlier version still reads, and is rewritten in binary by the next entry.
     */
    private static final byte FORMAT = 1;
    private static final byte JSON_OBJECT = '{';

    long members;
    long activeMembers;
    long purchasers;
    long repeatPurchasers;
    long orders;
    long pointsIssued;
    long pointsRedeemed;
    long pointsExpired;
    long pointsOutstanding;
    Map<String, Long> membersPerTier = new TreeMap<>();

    public ProgramTotals add(ProgramTotals other) {
        members += other.members;
        activeMembers += other.activeMembers;
        purchasers += other.purchasers;
        repeatPurchasers += other.repeatPurchasers;
        orders += other.orders;
        pointsIssued += other.pointsIssued;
        pointsRedeemed += other.pointsRedeemed;
        pointsExpired += other.pointsExpired;
        pointsOutstanding += other.pointsOutstanding;
        other.membersPerTier.forEach((tier, n) -> membersPerTier.merge(tier, n, Long::sum));
        return this;
    }

    /** A working copy: changes to it stay out of this one until it is stored. */
    ProgramTotals copy() {
        return new ProgramTotals().add(this);
    }

    void moveTier(String from, String to) {
        if (from != null) {
            membersPerTier.merge(from, -1L, Long::sum);
        }
        membersPerTier.merge(to, 1L, Long::sum);
    }

    /** As the totals route answers them. */
    public byte[] toJson() {
        return Json.write(this);
    }

    public static ProgramTotals fromJson(byte[] json) {
        return Json.read(json, ProgramTotals.class);
    }

    /**
     * The stored form, written for every ledger entry: a format byte, the nine counts, then the tiers
     * with their member counts. Several times cheaper than the JSON it replaced.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            for (long count : new long[] {members, activeMembers, purchasers, repeatPurchasers, orders, pointsIssued,
                    pointsRedeemed, pointsExpired, pointsOutstanding}) {
                out.writeLong(count);
            }
            out.writeInt(membersPerTier.size());
            for (Map.Entry<String, Long> tier : membersPerTier.entrySet()) {
                out.writeUTF(tier.getKey());
                out.writeLong(tier.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #toBytes()}, or the JSON earlier versions stored. */
    public static ProgramTotals fromBytes(byte[] stored) {
        if (stored.length > 0 && stored[0] == JSON_OBJECT) {
            return fromJson(stored);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown stored program totals format " + format);
            }
            ProgramTotals t = new ProgramTotals();
            t.members = in.readLong();
            t.activeMembers = in.readLong();
            t.purchasers = in.readLong();
            t.repeatPurchasers = in.readLong();
            t.orders = in.readLong();
            t.pointsIssued = in.readLong();
            t.pointsRedeemed = in.readLong();
            t.pointsExpired = in.readLong();
            t.pointsOutstanding = in.readLong();
            int tiers = in.readInt();
            for (int i = 0; i < tiers; i++) {
                t.membersPerTier.put(in.readUTF(), in.readLong());
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
