package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.loyalty.core.json.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over the customers of one partition. Every field is a plain sum, so the program's figures
 * are the sum of all partitions' totals ({@link #add}); rates are derived only after summing.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public final class ProgramTotals {

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

    public byte[] toJson() {
        return Json.write(this);
    }

    public static ProgramTotals fromJson(byte[] json) {
        return Json.read(json, ProgramTotals.class);
    }
}
