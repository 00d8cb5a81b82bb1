package dev.loyalty.core.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramVersionsTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-06-01T00:00:00Z");

    private static Program program(String json) {
        return ProgramLoader.parse("test.json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static final Program FIRST = program("{\"version\":\"first\"}");
    private static final Program SECOND = program("{\"version\":\"second\",\"pointsPerUnit\":2}");

    private static ProgramVersions two() {
        return ProgramVersions.of(List.of(new ProgramVersion(2, T2, SECOND), new ProgramVersion(1, T1, FIRST)));
    }

    @Test
    void anInstantIsJudgedByTheLatestVersionAlreadyInForce() {
        ProgramVersions versions = two();
        assertThat(versions.inForceAt(T2.minusNanos(1)).number()).isEqualTo(1);
        assertThat(versions.inForceAt(T2).number()).isEqualTo(2);
        assertThat(versions.inForceAt(T2.plusSeconds(86_400 * 365)).number()).isEqualTo(2);
        assertThat(versions.supersededAt(versions.number(1).orElseThrow())).isEqualTo(T2);
        assertThat(versions.supersededAt(versions.latest())).isNull();
    }

    @Test
    void theFirstVersionAlsoJudgesWhatCameBeforeIt() {
        assertThat(two().inForceAt(T1.minusSeconds(86_400 * 1000)).number()).isEqualTo(1);
    }

    @Test
    void aVersionThatDoesNotTakeEffectAfterTheOneBeforeItIsLeftOut() {
        List<ProgramVersion> records = List.of(new ProgramVersion(1, T2, FIRST), new ProgramVersion(2, T1, SECOND));
        assertThat(ProgramVersions.of(records).all()).extracting(ProgramVersion::number).containsExactly(1);
    }

    @Test
    void aVersionTravelsAsJsonAndIsReadWithTheLoaderRules() {
        ProgramVersion v = new ProgramVersion(2, T2, SECOND);
        assertThat(ProgramVersion.parse("2", v.toJson())).isEqualTo(v);
        assertThatThrownBy(() -> ProgramVersion.parse("3", v.toJson())).isInstanceOf(ProgramException.class)
                .hasMessageContaining("differs from the record key");
        byte[] bad = "{\"number\":1,\"effectiveFrom\":\"soon\",\"program\":{\"version\":\"x\",\"lapseDays\":0}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ProgramVersion.parse("1", bad)).isInstanceOfSatisfying(ProgramException.class,
                e -> assertThat(e.problems()).containsExactly("effectiveFrom: required, an ISO-8601 instant",
                        "program.lapseDays: must be positive"));
        assertThatThrownBy(() -> ProgramVersion.parse("1", "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProgramException.class);
    }

    @Test
    void aRecordThatIsNoUsableNextVersionClaimsNoNumberAndAKeptVersionIsNeverReplaced() {
        byte[] first = new ProgramVersion(1, T1, FIRST).toJson();
        byte[] tooEarly = new ProgramVersion(2, T1.minusSeconds(1), SECOND).toJson();
        byte[] second = new ProgramVersion(2, T2, SECOND).toJson();
        byte[] forged = new ProgramVersion(1, T1, SECOND).toJson();
        ProgramVersions none = ProgramVersions.of(List.of());

        assertThat(none.admit(null, "1", first)).isEqualTo(new ProgramVersions.Admission.Accepted(
                new ProgramVersion(1, T1, FIRST)));
        ProgramVersions one = none.with(new ProgramVersion(1, T1, FIRST));
        assertThat(one.admit(null, "2", tooEarly)).isInstanceOfSatisfying(ProgramVersions.Admission.Ignored.class,
                i -> assertThat(i.why()).isEqualTo("program version 2 takes effect at " + T1.minusSeconds(1)
                        + ", not after the versions before it"));
        assertThat(one.admit(null, "2", second)).isEqualTo(new ProgramVersions.Admission.Accepted(
                new ProgramVersion(2, T2, SECOND)));
        assertThat(one.admit(first, "1", first)).isEqualTo(new ProgramVersions.Admission.Repeated());
        assertThat(one.admit(first, "1", forged)).isEqualTo(new ProgramVersions.Admission.Ignored(
                "program version 1 is already published and versions never change"));
        assertThat(one.admit(null, "3", null)).isInstanceOf(ProgramVersions.Admission.Ignored.class);
    }

    @Test
    void aVersionWithEveryKindOfCampaignTravelsAsJson() {
        Program campaigns = ProgramLoader.load(Path.of("..", "docs", "examples", "program-campaigns.json"));
        ProgramVersion v = new ProgramVersion(1, T1, campaigns);
        assertThat(ProgramVersion.parse("1", v.toJson())).isEqualTo(v);
    }

    @Test
    void aVersionThatCouldNotApplyToExistingAccountsIsRefusedWithEveryReason() {
        Program other = program("""
                {"version":"eur","currency":"EUR",
                 "tiers":[{"name":"MEMBER","threshold":"0","multiplier":"1"},{"name":"GOLD","threshold":"100","multiplier":"2"}],
                 "rewards":{"free-coffee":10}}""");
        assertThat(two().refusals(other, T2, T2.plusSeconds(1))).containsExactly(
                "effectiveFrom 2026-06-01T00:00:00Z is in the past (now 2026-06-01T00:00:01Z): events already judged"
                        + " would disagree with the version in force at their time",
                "effectiveFrom 2026-06-01T00:00:00Z is not after version 2's effectiveFrom 2026-06-01T00:00:00Z",
                "currency: EUR differs from USD, the currency existing accounts earned and spent in",
                "tiers: PLATINUM, SILVER of version 2 removed; accounts may hold them",
                "rewards: free-shipping, voucher-10 of version 2 removed; redemptions may name them");
        Instant later = T2.plusSeconds(60);
        assertThat(two().refusals(SECOND, later, T2)).isEmpty();
        assertThat(two().nextNumber()).isEqualTo(3);
    }

    @Test
    void aProgramIsHeldWhenItEqualsOneOfTheVersions() {
        assertThat(two().holds(program("{\"version\":\"first\"}"))).isTrue();
        assertThat(two().holds(program("{\"version\":\"first\",\"lapseDays\":61}"))).isFalse();
    }
}
