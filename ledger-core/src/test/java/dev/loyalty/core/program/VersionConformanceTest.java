package dev.loyalty.core.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Engagement;
import dev.loyalty.core.event.LineItem;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerSeal;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionConformanceTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-06-06T00:00:00Z");
    private static final Program WEEKEND = ProgramLoader.parse("weekend.json", """
            {"version":"weekend","campaigns":[{"id":"weekend","from":"2026-06-06T00:00:00Z",
              "until":"2026-06-08T00:00:00Z","multiplier":2,"categories":["beverage"]}]}"""
            .getBytes(StandardCharsets.UTF_8));
    private static final ProgramVersions VERSIONS = ProgramVersions.of(List.of(
            new ProgramVersion(1, T1, Program.defaults()), new ProgramVersion(2, T2, WEEKEND)));

    private static List<LedgerEntry> ledger() {
        Decider decider = new Decider(VERSIONS, LedgerSeal.UNKEYED);
        Account account = decider.newAccount("c-1", T1);
        List<LedgerEntry> entries = new ArrayList<>();
        for (Instant at : List.of(T2.minus(Duration.ofHours(1)), T2.plus(Duration.ofHours(1)))) {
            Decision d = decider.decide(account, new Purchase("p-" + at, "c-1", at, null, "o-" + at,
                    new BigDecimal("30.00"), "USD", List.of(new LineItem("latte", "beverage", 2,
                    new BigDecimal("5.00")), new LineItem("beans", "grocery", 1,
                    new BigDecimal("20.00")))), at, at);
            entries.addAll(d.entries());
            account = d.after();
        }
        Decision bonus = decider.decide(account, new Engagement("r-1", "c-1", T2, null, "review", "x"), T2, T2);
        entries.addAll(bonus.entries());
        return entries;
    }

    @Test
    void entriesTheWriterMadeFollowTheirVersions() {
        List<LedgerEntry> entries = ledger();
        assertThat(entries).extracting(LedgerEntry::programVersion, LedgerEntry::points)
                .containsExactly(tuple("1", 30L), tuple("2", 40L),
                        tuple("2", 25L));
        VersionConformance conformance = new VersionConformance(VERSIONS);
        entries.forEach(e -> assertThat(conformance.problems(e)).as(e.entryId()).isEmpty());
    }

    @Test
    void anEntryNamingAnotherVersionOrOtherPointsIsReported() {
        LedgerEntry before = ledger().get(0);
        LedgerEntry relabelled = new LedgerEntry(before.entryId(), before.customerId(), before.seq(), before.kind(),
                before.points(), before.balanceAfter(), before.sourceEventId(), before.occurredAt(), before.recordedAt(),
                before.tier(), before.previousTier(), before.qualifyingSpend(), before.lot(), before.consumed(),
                before.detail(), "2");
        LedgerEntry inflated = new LedgerEntry(before.entryId(), before.customerId(), before.seq(), before.kind(),
                before.points() * 2, before.balanceAfter(), before.sourceEventId(), before.occurredAt(),
                before.recordedAt(), before.tier(), before.previousTier(), before.qualifyingSpend(), before.lot(),
                before.consumed(), before.detail(), "1");
        VersionConformance conformance = new VersionConformance(VERSIONS);
        assertThat(conformance.problems(relabelled)).containsExactly("names program version 2, but version 1 was in"
                + " force at 2026-06-05T23:00:00Z");
        assertThat(conformance.problems(inflated)).containsExactly("earns 60 points, the version gives 30");
    }

    @Test
    void aCampaignBonusIsCheckedAgainstItsVersion() {
        Program welcome = ProgramLoader.parse("welcome.json", """
                {"version":"welcome","campaigns":[{"id":"welcome","firstPurchase":true,"bonus":100}]}"""
                .getBytes(StandardCharsets.UTF_8));
        ProgramVersions versions = ProgramVersions.of(List.of(new ProgramVersion(1, T1, welcome)));
        Decider decider = new Decider(versions, LedgerSeal.UNKEYED);
        Decision d = decider.decide(decider.newAccount("c-1", T1), new Purchase("p-1", "c-1", T2, null, "o-1",
                new BigDecimal("10.00"), "USD", List.of(new LineItem("latte", "beverage", 2, new BigDecimal("5.00")))),
                T2, T2);
        LedgerEntry bonus = d.entries().get(1);
        assertThat(bonus.detail().campaign()).isEqualTo("welcome");
        LedgerEntry doubled = new LedgerEntry(bonus.entryId(), bonus.customerId(), bonus.seq(), bonus.kind(),
                bonus.points() * 2, bonus.balanceAfter(), bonus.sourceEventId(), bonus.occurredAt(), bonus.recordedAt(),
                bonus.tier(), bonus.previousTier(), bonus.qualifyingSpend(), bonus.lot(), bonus.consumed(),
                bonus.detail(), bonus.programVersion());
        VersionConformance conformance = new VersionConformance(versions);
        assertThat(d.entries()).allSatisfy(e -> assertThat(conformance.problems(e)).isEmpty());
        assertThat(conformance.problems(doubled))
                .containsExactly("campaign welcome gives 100 points in the version, the entry has 200");
        assertThat(new VersionConformance(VERSIONS).problems(bonus)).isNotEmpty();
    }
}
