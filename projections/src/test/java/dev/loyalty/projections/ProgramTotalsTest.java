package dev.loyalty.projections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgramTotalsTest {

    private static ProgramTotals sample() {
        ProgramTotals t = new ProgramTotals();
        t.members = 7;
        t.activeMembers = 5;
        t.purchasers = 6;
        t.repeatPurchasers = 3;
        t.orders = 19;
        t.pointsIssued = 12_345_678_901L;
        t.pointsRedeemed = 200;
        t.pointsExpired = 40;
        t.pointsOutstanding = -3;
        t.moveTier(null, "MEMBER");
        t.moveTier(null, "GOLD");
        t.moveTier("MEMBER", "SILVER");
        t.moveTier(null, "Platinum \u00e9\u20ac");
        return t;
    }

    @Test
    void storedFormRoundTripsEveryCount() throws IOException {
        ProgramTotals t = sample();

        ProgramTotals back = ProgramTotals.fromBytes(t.toBytes());

        assertThat(json(back)).isEqualTo(json(t));
        assertThat(back.membersPerTier).containsEntry("MEMBER", 0L).containsEntry("SILVER", 1L)
                .containsEntry("Platinum \u00e9\u20ac", 1L);
    }

    @Test
    void emptyTotalsRoundTrip() throws IOException {
        assertThat(json(ProgramTotals.fromBytes(new ProgramTotals().toBytes()))).isEqualTo(json(new ProgramTotals()));
    }

    @Test
    void storedFormIsNotJsonAndMuchSmaller() {
        byte[] stored = sample().toBytes();

        assertThat(stored[0]).isNotEqualTo((byte) '{');
        assertThat(stored.length).isLessThan(sample().toJson().length);
    }

    /** What the store held before the binary form: a data dir or changelog from then must still read. */
    @Test
    void readsTheJsonEarlierVersionsStored() throws IOException {
        byte[] earlier = """
                {"members":7,"activeMembers":5,"purchasers":6,"repeatPurchasers":3,"orders":19,"pointsIssued":12345678901,\
                "pointsRedeemed":200,"pointsExpired":40,"pointsOutstanding":-3,\
                "membersPerTier":{"GOLD":1,"MEMBER":0,"Platinum \u00e9\u20ac":1,"SILVER":1}}""".getBytes(StandardCharsets.UTF_8);

        ProgramTotals read = ProgramTotals.fromBytes(earlier);

        assertThat(json(read)).isEqualTo(json(sample()));
        assertThat(json(ProgramTotals.fromBytes(read.toBytes()))).isEqualTo(json(sample()));
    }

    @Test
    void refusesAnUnknownFormat() {
        byte[] stored = sample().toBytes();
        stored[0] = 9;

        assertThatThrownBy(() -> ProgramTotals.fromBytes(stored)).hasMessageContaining("format 9");
    }

    private static JsonNode json(ProgramTotals t) throws IOException {
        return Json.MAPPER.readTree(t.toJson());
    }
}
