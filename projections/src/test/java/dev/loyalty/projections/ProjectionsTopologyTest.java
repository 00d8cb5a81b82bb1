package dev.loyalty.projections;

import static dev.loyalty.projections.ProjectionDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.Consumption;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectionsTopologyTest {

    private final Program program = Program.defaults();
    private final LedgerScript script = new LedgerScript(program);
    private final ProjectionDriver driver = new ProjectionDriver(program);

    @AfterEach
    void close() {
        driver.close();
    }

    private static Instant day(int n) {
        return START.plus(Duration.ofDays(n));
    }

    @Test
    void aPurchaseShowsInTheViewAndTheHistory() {
        driver.pipe(script.purchase("c-1", "o-1", "42.50", START));

        CustomerView view = driver.view("c-1");
        assertThat(view.balance()).isEqualTo(42);
        assertThat(view.tier()).isEqualTo("MEMBER");
        assertThat(view.qualifyingSpend()).isEqualByComparingTo("42.50");
        assertThat(view.lifetimeEarned()).isEqualTo(42);
        assertThat(view.lastPurchaseAt()).isEqualTo(START);
        assertThat(view.status()).isEqualTo(ChurnStatus.ACTIVE);
        assertThat(view.nextExpiry()).isEqualTo(new CustomerView.NextExpiry(42, day(365)));
        assertThat(view.seq()).isEqualTo(1);
        assertThat(driver.historySeqs("c-1")).containsExactly(1L);
        assertThat(driver.view("c-2")).isNull();
    }

    @Test
    void theHistoryKeepsWhereEachEntryIsInTheLedgerNotTheEntry() {
        // Offsets as the ledger partition gives them: one per piped entry, from 0, customers interleaved.
        List<List<LedgerEntry>> piped = List.of(script.purchase("c-1", "o-1", "600.00", START),
                script.purchase("c-2", "o-2", "10.00", START), script.redeem("c-1", 100, START.plusSeconds(1)));
        Map<Long, Long> expected = new LinkedHashMap<>();
        long offset = 0;
        for (List<LedgerEntry> entries : piped) {
            driver.pipe(entries);
            for (LedgerEntry e : entries) {
                if (e.customerId().equals("c-1")) {
                    expected.put(e.seq(), offset);
                }
                offset++;
            }
        }

        assertThat(expected).hasSizeGreaterThan(2);
        assertThat(driver.historyOffsets("c-1")).containsExactlyEntriesOf(expected);
        assertThat(driver.historyOffsets("c-2")).containsExactlyEntriesOf(Map.of(1L, (long) piped.get(0).size()));
    }

    @Test
    void aHistoryValueIsAnOffsetOrTheWholeEntryAStoreKeptBeforeAndTheyNeverLookAlike() {
        byte[] largestOffset = StoreKeys.ledgerOffset(Long.MAX_VALUE);
        byte[] smallestEntry = "{\"seq\":1}".getBytes(StandardCharsets.UTF_8);

        assertThat(ProjectionsTopology.historyHoldsEntry(largestOffset)).isFalse();
        assertThat(ProjectionsTopology.ledgerOffset(largestOffset)).isEqualTo(Long.MAX_VALUE);
        assertThat(ProjectionsTopology.historyHoldsEntry(StoreKeys.ledgerOffset(0))).isFalse();
        assertThat(ProjectionsTopology.historyHoldsEntry(smallestEntry)).isTrue();
    }

    @Test
    void theViewJsonHasEveryFieldOfTheContractEvenWhenEmpty() throws Exception {
        driver.pipe(script.purchase("c-1", "o-1", "0.50", START));

        JsonNode json = Json.MAPPER.readTree(driver.view("c-1").toJson());
        assertThat(json.fieldNames()).toIterable().containsExactly("customerId", "balance", "tier",
                "qualifyingSpend", "lifetimeEarned", "lifetimeRedeemed", "lifetimeExpired", "lastPurchaseAt",
                "status", "nextExpiry", "seq");
        assertThat(json.get("nextExpiry").isNull()).isTrue();
        assertThat(json.get("qualifyingSpend").asText()).isEqualTo("0.50");
    }

    @Test
    void anUpgradeIsSentAsATierChange() {
        driver.pipe(script.purchase("c-1", "o-1", "600.00", START));

        List<JsonNode> changes = driver.tierChanges();
        assertThat(changes).hasSize(1);
        JsonNode change = changes.get(0);
        assertThat(change.get("signalId").asText()).isEqualTo("c-1:tier:2");
        assertThat(change.get("customerId").asText()).isEqualTo("c-1");
        assertThat(change.get("from").asText()).isEqualTo("MEMBER");
        assertThat(change.get("to").asText()).isEqualTo("SILVER");
        assertThat(change.get("direction").asText()).isEqualTo("UP");
        assertThat(change.get("qualifyingSpend").asText()).isEqualTo("600.00");
        assertThat(change.get("at").asText()).isEqualTo(START.toString());
        assertThat(driver.view("c-1").tier()).isEqualTo("SILVER");
    }

    @Test
    void aDowngradeIsSentAsATierChangeDown() {
        driver.pipe(script.purchase("c-1", "o-1", "600.00", START));
        driver.pipe(script.giveBack("c-1", "o-1", "200.00", day(1)));
        driver.pipe(script.timePasses("c-1", day(32)));

        List<JsonNode> changes = driver.tierChanges();
        assertThat(changes).extracting(c -> c.get("direction").asText()).containsExactly("UP", "DOWN");
        assertThat(changes.get(1).get("to").asText()).isEqualTo("MEMBER");
        assertThat(driver.view("c-1").tier()).isEqualTo("MEMBER");
    }

    @Test
    void anExpiryWarningComesThirtyDaysAheadByTheWallClock() {
        driver.pipe(script.purchase("c-1", "o-1", "100.00", START));
        driver.pipe(script.purchase("c-1", "o-2", "20.00", START.plus(Duration.ofHours(1))));
        driver.pipe(script.redeem("c-1", 30, START.plus(Duration.ofHours(2))));

        driver.wallTo(day(335).minus(Duration.ofMinutes(1)));
        assertThat(driver.expiryWarnings()).isEmpty();

        driver.wallTo(day(335));
        List<JsonNode> warnings = driver.expiryWarnings();
        assertThat(warnings).hasSize(1);
        JsonNode w = warnings.get(0);
        assertThat(w.get("signalId").asText()).isEqualTo("c-1:expiry-warning:2027-01-05");
        assertThat(w.get("points").asLong()).isEqualTo(90);
        assertThat(w.get("expiresAt").asText()).isEqualTo(day(365).toString());
        assertThat(w.get("balance").asLong()).isEqualTo(90);
        assertThat(w.get("at").asText()).isEqualTo(day(335).toString());

        driver.wallTo(day(340));
        assertThat(driver.expiryWarnings()).as("one warning per expiry day").isEmpty();
    }

    @Test
    void noWarningForPointsAlreadySpent() {
        driver.pipe(script.purchase("c-1", "o-1", "100.00", START));
        driver.pipe(script.redeem("c-1", 100, START.plus(Duration.ofHours(1))));

        driver.wallTo(day(336));

        assertThat(driver.expiryWarnings()).isEmpty();
        assertThat(driver.view("c-1").nextExpiry()).isNull();
    }

    @Test
    void anEntryFromTheFutureMovesThePartitionClock() {
        driver.pipe(script.purchase("c-1", "o-1", "10.00", START));
        driver.pipe(script.purchase("c-2", "o-2", "10.00", day(70)));

        driver.advanceWall(Duration.ofSeconds(10));

        List<JsonNode> churn = driver.churnSignals();
        assertThat(churn).hasSize(1);
        JsonNode lapse = churn.get(0);
        assertThat(lapse.get("signalId").asText()).isEqualTo("c-1:churn:LAPSED:1");
        assertThat(lapse.get("status").asText()).isEqualTo("LAPSED");
        assertThat(lapse.get("lastPurchaseAt").asText()).isEqualTo(START.toString());
        assertThat(lapse.get("daysInactive").asLong()).isEqualTo(60);
        assertThat(lapse.get("at").asText()).isEqualTo(day(60).toString());
        assertThat(driver.view("c-1").status()).isEqualTo(ChurnStatus.LAPSED);
        assertThat(driver.view("c-2").status()).isEqualTo(ChurnStatus.ACTIVE);
    }

    @Test
    void atRiskLapsedAndReactivatedOncePerEpisode() {
        driver.pipe(script.purchase("c-1", "o-1", "10.00", START));
        driver.pipe(script.purchase("c-1", "o-2", "10.00", day(5)));
        driver.pipe(script.purchase("c-1", "o-3", "10.00", day(10)));
        driver.wallTo(day(10));

        driver.wallTo(day(20).plus(Duration.ofMinutes(1)));
        driver.wallTo(day(21));
        assertThat(driver.churnSignals()).extracting(s -> s.get("signalId").asText())
                .containsExactly("c-1:churn:AT_RISK:3");
        assertThat(driver.view("c-1").status()).isEqualTo(ChurnStatus.AT_RISK);

        driver.wallTo(day(71));
        driver.wallTo(day(80));
        List<JsonNode> lapse = driver.churnSignals();
        assertThat(lapse).extracting(s -> s.get("status").asText()).containsExactly("LAPSED");
        assertThat(lapse.get(0).get("daysInactive").asLong()).isEqualTo(60);

        driver.pipe(script.purchase("c-1", "o-4", "10.00", driver.wall()));
        List<JsonNode> back = driver.churnSignals();
        assertThat(back).hasSize(1);
        assertThat(back.get(0).get("status").asText()).isEqualTo("REACTIVATED");
        assertThat(back.get(0).get("signalId").asText()).isEqualTo("c-1:churn:REACTIVATED:4");
        assertThat(back.get(0).get("daysInactive").asLong()).isEqualTo(70);
        assertThat(driver.view("c-1").status()).isEqualTo(ChurnStatus.ACTIVE);
    }

    @Test
    void fewerPurchasesThanTheMinimumNeverMakeACustomerAtRisk() {
        driver.pipe(script.purchase("c-1", "o-1", "10.00", START));
        driver.pipe(script.purchase("c-1", "o-2", "10.00", day(2)));

        driver.wallTo(day(59));

        assertThat(driver.churnSignals()).isEmpty();
    }

    @Test
    void aRedeliveredEntryChangesNothing() {
        List<LedgerEntry> entries = script.purchase("c-1", "o-1", "600.00", START);
        driver.pipe(entries);
        CustomerView before = driver.view("c-1");
        driver.tierChanges();

        driver.pipe(entries);

        assertThat(driver.view("c-1")).isEqualTo(before);
        assertThat(driver.tierChanges()).isEmpty();
        assertThat(driver.metrics().pointsIssued()).isEqualTo(600);
        assertThat(driver.historySeqs("c-1")).containsExactly(1L, 2L);
    }

    @Test
    void anEntryTheFoldCannotTakeLeavesTheCustomerAsStoredForTheirNextEntry() {
        List<LedgerEntry> bought = script.purchase("c-1", "o-1", "100.00", START);
        LedgerEntry redeemed = script.redeem("c-1", 30, START.plusSeconds(60)).get(0);
        // The same debit taking its points from a lot the customer never had, sealed as the writer seals:
        // the fold changes the customer's seq and balance before it finds the lot missing.
        LedgerEntry unfoldable = LedgerSeal.UNKEYED.seal(bought.get(bought.size() - 1).hash(), new LedgerEntry(
                redeemed.entryId(), redeemed.customerId(), redeemed.seq(), redeemed.kind(), redeemed.points(),
                redeemed.balanceAfter(), redeemed.sourceEventId(), redeemed.occurredAt(), redeemed.recordedAt(),
                redeemed.tier(), redeemed.previousTier(), redeemed.qualifyingSpend(), redeemed.lot(),
                List.of(new Consumption("no-such-lot", 30)), redeemed.detail(), redeemed.programVersion())).entry();
        driver.pipe(bought);

        driver.pipe(List.of(unfoldable, redeemed));

        CustomerView view = driver.view("c-1");
        assertThat(view.seq()).isEqualTo(2);
        assertThat(view.balance()).isEqualTo(70);
        assertThat(view.nextExpiry().points()).isEqualTo(70);
        assertThat(driver.metrics().pointsRedeemed()).isEqualTo(30);
    }

    @Test
    void anUnreadableLedgerRecordIsSkippedAndTheNextOneApplied() {
        driver.pipeRaw("c-1", "not a ledger entry".getBytes());
        // Records another client could put on the ledger: valid JSON, but no entry the writer would write.
        driver.pipeRaw("c-1", "{}".getBytes());
        driver.pipeRaw("c-1", "{\"customerId\":\"c-1\",\"seq\":1,\"kind\":\"ADJUSTED\",\"points\":5}".getBytes());
        driver.pipeRaw("c-1", ("{\"entryId\":\"c-1:1\",\"customerId\":\"c-1\",\"seq\":1,\"kind\":\"EARNED\",\"points\":5,"
                + "\"balanceAfter\":5,\"occurredAt\":\"+300000000-01-01T00:00:00Z\"}").getBytes());
        driver.pipeRaw("c-1", ("{\"entryId\":\"x\",\"customerId\":\"" + "c".repeat(100_000) + "\",\"seq\":1,"
                + "\"kind\":\"EARNED\",\"points\":5,\"balanceAfter\":5,\"occurredAt\":\"2026-01-01T00:00:00Z\"}").getBytes());
        driver.pipe(script.purchase("c-1", "o-1", "10.00", START));

        assertThat(driver.view("c-1").balance()).isEqualTo(10);
    }

    @Test
    void programMetricsSumTheLedger() {
        driver.pipe(script.purchase("c-1", "o-1", "600.00", START));
        driver.pipe(script.purchase("c-1", "o-2", "100.00", START.plusSeconds(60)));
        driver.pipe(script.purchase("c-2", "o-3", "40.00", START.plusSeconds(120)));
        driver.pipe(script.redeem("c-1", 200, START.plusSeconds(180)));

        ProgramMetrics m = driver.metrics();
        assertThat(m.members()).isEqualTo(2);
        assertThat(m.activeMembers()).isEqualTo(2);
        assertThat(m.purchaseFrequency()).isEqualTo(1.5);
        assertThat(m.repeatPurchaseRate()).isEqualTo(0.5);
        assertThat(m.pointsIssued()).isEqualTo(600 + 125 + 40);
        assertThat(m.pointsRedeemed()).isEqualTo(200);
        assertThat(m.pointsOutstanding()).isEqualTo(765 - 200);
        assertThat(m.redemptionRate()).isEqualTo(0.2614);
        assertThat(m.membersPerTier()).isEqualTo(Map.of("MEMBER", 1L, "SILVER", 1L));

        driver.wallTo(day(31));
        assertThat(driver.metrics().activeMembers()).isZero();
    }

    @Test
    void expiredPointsCountAsBreakage() {
        driver.pipe(script.purchase("c-1", "o-1", "100.00", START));
        driver.pipe(script.redeem("c-1", 40, START.plusSeconds(60)));
        driver.wallTo(day(365));
        driver.pipe(script.timePasses("c-1", driver.wall()));

        CustomerView view = driver.view("c-1");
        assertThat(view.lifetimeExpired()).isEqualTo(60);
        assertThat(view.balance()).isEqualTo(view.lifetimeEarned() - view.lifetimeRedeemed() - view.lifetimeExpired());
        assertThat(driver.metrics().breakageRate()).isEqualTo(0.6);
    }

    @Test
    void qualifyingSpendFollowsTheRollingWindowWithoutTraffic() {
        driver.pipe(script.purchase("c-1", "o-1", "100.00", START));
        driver.pipe(script.purchase("c-1", "o-2", "50.00", day(200)));

        driver.wallTo(day(366));

        assertThat(driver.view("c-1").qualifyingSpend()).isEqualByComparingTo("50.00");
    }

    @Test
    void theSameLedgerGivesTheSameSignalsWhetherLiveOrRebuilt() {
        List<LedgerEntry> ledger = new ArrayList<>();
        ledger.addAll(script.purchase("c-1", "o-1", "300.00", START));
        driver.pipe(ledger);
        for (int d = 7; d <= 21; d += 7) {
            driver.wallTo(day(d));
            List<LedgerEntry> entries = script.purchase("c-1", "o-" + d, "100.00", driver.wall());
            ledger.addAll(entries);
            driver.pipe(entries);
        }
        driver.wallTo(day(120));
        List<LedgerEntry> late = script.purchase("c-1", "o-late", "10.00", driver.wall());
        ledger.addAll(late);
        driver.pipe(late);
        driver.wallTo(day(340));
        List<String> live = allSignals(driver);

        try (ProjectionDriver rebuild = new ProjectionDriver(program)) {
            rebuild.advanceWall(Duration.between(START, day(340)));
            rebuild.pipe(ledger);
            rebuild.advanceWall(Duration.ofSeconds(10));
            rebuild.advanceWall(Duration.ofSeconds(10));
            List<String> rebuilt = allSignals(rebuild);

            assertThat(String.join("\n", live)).contains("c-1:tier:4", "c-1:churn:AT_RISK:5", "c-1:churn:LAPSED:5",
                    "c-1:churn:REACTIVATED:6", "c-1:churn:AT_RISK:6", "c-1:churn:LAPSED:6",
                    "c-1:expiry-warning:2027-01-05");
            assertThat(rebuilt).containsExactlyElementsOf(live);
        }
    }

    @Test
    void aRebuildCanHoldBackTheSignalsTheLiveGenerationSent() {
        List<LedgerEntry> ledger = new ArrayList<>(script.purchase("c-1", "o-1", "600.00", START));
        ledger.addAll(script.purchase("c-1", "o-2", "10.00", day(100)));
        ProjectionOptions options = ProjectionOptions.defaults(program).withSignalGate(SignalGate.dueFrom(day(90)));

        try (ProjectionDriver rebuild = new ProjectionDriver(options)) {
            rebuild.advanceWall(Duration.between(START, day(100)));
            rebuild.pipe(ledger);

            assertThat(rebuild.tierChanges()).isEmpty();
            assertThat(rebuild.churnSignals()).extracting(s -> s.get("signalId").asText())
                    .containsExactly("c-1:churn:REACTIVATED:3");
            assertThat(rebuild.view("c-1").tier()).isEqualTo("SILVER");
        }
    }

    private static List<String> allSignals(ProjectionDriver d) {
        List<String> all = new ArrayList<>();
        d.tierChanges().forEach(n -> all.add(n.toString()));
        d.expiryWarnings().forEach(n -> all.add(n.toString()));
        d.churnSignals().forEach(n -> all.add(n.toString()));
        return all;
    }
}
