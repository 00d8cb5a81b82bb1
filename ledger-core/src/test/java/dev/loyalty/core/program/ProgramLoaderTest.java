package dev.loyalty.core.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramLoaderTest {

    private static Program parse(String json) {
        return ProgramLoader.parse("test.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultProgramIsTheOneInTheSpec() {
        Program p = Program.defaults();
        assertThat(p.currency()).isEqualTo("USD");
        assertThat(p.tiers()).extracting(Tier::name).containsExactly("MEMBER", "SILVER", "GOLD", "PLATINUM");
        assertThat(p.tiers()).extracting(t -> t.threshold().toPlainString())
                .containsExactly("0", "500.00", "2000.00", "5000.00");
        assertThat(p.tiers()).extracting(t -> t.multiplier().toPlainString()).containsExactly("1.0", "1.25", "1.5", "2.0");
        assertThat(p.rewards()).containsEntry("free-coffee", 50L).containsEntry("free-shipping", 100L)
                .containsEntry("voucher-10", 200L);
        assertThat(p.engagement()).containsEntry("signup", new EngagementRule(50, 1, LimitPeriod.LIFETIME))
                .containsEntry("review", new EngagementRule(25, 3, LimitPeriod.DAY))
                .containsEntry("referral", new EngagementRule(100, 10, LimitPeriod.YEAR))
                .containsEntry("birthday", new EngagementRule(100, 1, LimitPeriod.CALENDAR_YEAR));
        assertThat(p.campaigns()).isEmpty();
        assertThat(ProgramLoader.validate(p)).isEmpty();
    }

    @Test
    void aFileOverridesOnlyTheFieldsItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("program.json");
        Files.writeString(file, """
                {"version":"2026-xmas","rewards":{"free-coffee":40},
                 "campaigns":[{"id":"dec","from":"2026-12-01T00:00:00Z","until":"2027-01-01T00:00:00Z","multiplier":2,"categories":["beverage"]}]}
                """);
        Program p = ProgramLoader.load(file);
        assertThat(p.version()).isEqualTo("2026-xmas");
        assertThat(p.rewards()).containsExactly(java.util.Map.entry("free-coffee", 40L));
        assertThat(p.tiers()).isEqualTo(Program.defaults().tiers());
        Campaign dec = p.campaigns().get(0);
        assertThat(dec.appliesTo(Instant.parse("2026-12-24T10:00:00Z"), "beverage")).isTrue();
        assertThat(dec.appliesTo(Instant.parse("2026-12-24T10:00:00Z"), "grocery")).isFalse();
        assertThat(dec.appliesTo(Instant.parse("2027-01-01T00:00:00Z"), "beverage")).isFalse();
    }

    @Test
    void aBadFileListsEveryProblem() {
        assertThatThrownBy(() -> parse("""
                {"currency":"XXY","tiers":[{"name":"A","threshold":"10","multiplier":"1"},
                                           {"name":"A","threshold":"5","multiplier":"0"}],
                 "rewards":{"mug":0}}"""))
                .isInstanceOf(ProgramException.class)
                .satisfies(e -> assertThat(((ProgramException) e).problems()).containsExactly(
                        "version: required, a non-empty label for this program (ledger entries carry the number the version gets when published)",
                        "currency: 'XXY' is not an ISO 4217 code",
                        "tiers[0].threshold: the first tier starts at 0",
                        "tiers[1].name: 'A' appears twice",
                        "tiers[1].threshold: tiers must be listed by increasing threshold",
                        "tiers[1].multiplier: must be a positive number",
                        "rewards.mug: cost must be a positive number of points"));
    }

    @Test
    void unknownFieldsAndBrokenJsonAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> parse("{\"version\":\"1\",\"tierz\":[]}"))
                .isInstanceOf(ProgramException.class).hasMessageContaining("tierz");
        assertThatThrownBy(() -> parse("{\"version\":\"1\",\n\"tiers\":["))
                .isInstanceOf(ProgramException.class).hasMessageContaining("line 2");
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> ProgramLoader.load(dir.resolve("nope.json")))
                .isInstanceOf(ProgramException.class).hasMessageContaining("cannot read the file");
    }
}
