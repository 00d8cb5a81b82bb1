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
        assertThat(dec.appliesTo(Instant.parse("2026-12-24T10:00:00Z"), null)).isTrue();
        assertThat(dec.appliesTo(Instant.parse("2027-01-01T00:00:00Z"), null)).isFalse();
        assertThat(dec.covers("beverage")).isTrue();
        assertThat(dec.covers("grocery")).isFalse();
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
    void campaignConditionsAreReadWithOpenEndsWhereNoWindowIsGiven() {
        Program p = parse("""
                {"version":"1","campaigns":[
                  {"id":"gold","multiplier":"2","minTier":"GOLD","until":"2027-01-01T00:00:00Z"},
                  {"id":"welcome","firstPurchase":true,"bonus":100},
                  {"id":"win-back","inactiveDays":90,"bonus":250,"from":"2026-01-01T00:00:00Z"}]}""");
        Campaign gold = p.campaigns().get(0);
        Campaign welcome = p.campaigns().get(1);
        Campaign winBack = p.campaigns().get(2);
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(gold.minTier()).isEqualTo("GOLD");
        assertThat(gold.appliesTo(Instant.EPOCH, null)).isTrue();
        assertThat(p.reaches("PLATINUM", gold.minTier())).isTrue();
        assertThat(p.reaches("SILVER", gold.minTier())).isFalse();
        assertThat(welcome.appliesTo(now, null)).isTrue();
        assertThat(welcome.appliesTo(now, now.minusSeconds(1))).isFalse();
        assertThat(winBack.appliesTo(now, null)).isFalse();
        assertThat(winBack.appliesTo(now, now.minus(java.time.Duration.ofDays(90)))).isTrue();
        assertThat(winBack.appliesTo(now, now.minus(java.time.Duration.ofDays(89)))).isFalse();
        assertThat(winBack.appliesTo(Instant.parse("2025-12-31T00:00:00Z"), Instant.EPOCH)).isFalse();
    }

    @Test
    void badCampaignConditionsAreListedTogether() {
        assertThatThrownBy(() -> parse("""
                {"version":"1","campaigns":[
                  {"id":"a","multiplier":"2","minTier":"GOLDEN","from":"2026-02-01T00:00:00Z","until":"2026-01-01T00:00:00Z"},
                  {"id":"b","inactiveDays":-3,"bonus":0},
                  {"id":"c","firstPurchase":true,"inactiveDays":30,"multiplier":"2","bonus":10},
                  {"id":"d","multiplier":"0.5"},
                  {"id":"e"}]}"""))
                .isInstanceOf(ProgramException.class)
                .satisfies(e -> assertThat(((ProgramException) e).problems()).containsExactly(
                        "campaigns[0]: from must be before until",
                        "campaigns[0].minTier: 'GOLDEN' is not a tier of this program (MEMBER, SILVER, GOLD, PLATINUM)",
                        "campaigns[1].bonus: must be a positive number of points",
                        "campaigns[1].inactiveDays: must be positive",
                        "campaigns[2]: has both multiplier and bonus; a campaign gives one of them",
                        "campaigns[2]: firstPurchase and inactiveDays exclude each other (a first purchase has no"
                                + " earlier one)",
                        "campaigns[3].multiplier: must be at least 1",
                        "campaigns[4]: needs a multiplier or a bonus"));
    }

    @Test
    void namesAreBoundedLikeTheStringsOfAnEventAndNotEchoed() {
        String ok = "n".repeat(128);
        String big = "\uD83D\uDE00".repeat(129);
        String json = """
                {"version":"%2$s","tiers":[{"name":"%2$s","threshold":"0","multiplier":"1"}],
                 "campaigns":[{"id":"%2$s","multiplier":"2"}],"rewards":{"%2$s":10},
                 "engagement":{"%2$s":{"points":1,"limit":1,"per":"day"}}}""";
        assertThat(parse(json.formatted(null, ok)).version()).isEqualTo(ok);
        assertThatThrownBy(() -> parse(json.formatted(null, big)))
                .isInstanceOf(ProgramException.class)
                .satisfies(e -> assertThat(((ProgramException) e).problems()).containsExactlyInAnyOrder(
                        "version: at most 128 characters",
                        "tiers[0].name: at most 128 characters",
                        "campaigns[0].id: at most 128 characters",
                        "rewards: a reward id: at most 128 characters",
                        "engagement: an action: at most 128 characters"));
    }

    @Test
    void noRuleOfAProgramMayGiveOrCostMorePointsThanAnEventMayCarry() {
        assertThatThrownBy(() -> parse("""
                {"version":"1","pointsPerUnit":"1000000","maxPurchaseAmount":"10000",
                 "tiers":[{"name":"M","threshold":"0","multiplier":"1"},{"name":"G","threshold":"500","multiplier":"10"}],
                 "campaigns":[{"id":"x","multiplier":"20"},{"id":"b","bonus":1000000000001}],
                 "rewards":{"car":1000000000001},
                 "engagement":{"review":{"points":9223372036854775807,"limit":1,"per":"day"}}}"""))
                .isInstanceOf(ProgramException.class)
                .satisfies(e -> assertThat(((ProgramException) e).problems()).containsExactlyInAnyOrder(
                        "campaigns[1].bonus: at most 1000000000000 points",
                        "pointsPerUnit: a purchase of maxPurchaseAmount at the highest tier and campaign multipliers"
                                + " would earn more than 1000000000000 points",
                        "rewards.car: at most 1000000000000 points",
                        "engagement.review.points: at most 1000000000000 points"));
        // 10,000 x 1,000,000 x 10 x 20 = 2 x 10^12 points above for the largest purchase; here 10^9.
        assertThat(parse("""
                {"version":"1","pointsPerUnit":"1000","maxPurchaseAmount":"10000",
                 "tiers":[{"name":"M","threshold":"0","multiplier":"1"},{"name":"G","threshold":"500","multiplier":"10"}],
                 "campaigns":[{"id":"x","multiplier":"10"}]}""").pointsPerUnit()).isEqualByComparingTo("1000");
    }

    @Test
    void theDocumentedExampleProgramLoads() {
        Program p = ProgramLoader.load(Path.of("..", "docs", "examples", "program-campaigns.json"));
        assertThat(p.campaigns()).extracting(Campaign::id).containsExactly(
                "december-double", "coffee-triple", "gold-weekend", "win-back", "come-back-bonus", "welcome");
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
