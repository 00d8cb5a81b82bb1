package dev.loyalty.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

    private static final Instant T = Instant.parse("2026-05-01T00:00:00Z");
    private final InvariantChecker checker = new InvariantChecker("MEMBER");
    /** The hash the next entry of c-1 chains to: these tests plant writer defects, not tampering. */
    private String lastHash = LedgerChain.GENESIS;

    private LedgerRecord sealed(LedgerEntry e) {
        LedgerEntry sealed = LedgerSeal.UNKEYED.seal(lastHash, e).entry();
        lastHash = sealed.hash();
        return LedgerRecord.parse(sealed.toJson());
    }

    private static LedgerEntry earned(long seq, long points, long balanceAfter, String eventId, String orderId) {
        return new LedgerEntry("c-1:" + seq, "c-1", seq, EntryKind.EARNED, points, balanceAfter, eventId, T, T,
                "MEMBER", null, null, new LotRef("c-1:" + seq, T.plusSeconds(86400 * 365), points), List.of(),
                Detail.builder().orderId(orderId).amount(BigDecimal.valueOf(points)).build(), "v1");
    }

    private static LedgerEntry redeemed(long seq, long points, long balanceAfter, List<Consumption> consumed) {
        return new LedgerEntry("c-1:" + seq, "c-1", seq, EntryKind.REDEEMED, -points, balanceAfter, "r" + seq, T, T,
                "MEMBER", null, null, null, consumed, Detail.builder().build(), "v1");
    }

    private List<String> rules() {
        return checker.violations().stream().map(InvariantChecker.Violation::rule).toList();
    }

    @Test
    void aCleanLedgerHasNoViolation() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(redeemed(2, 20, 30, List.of(new Consumption("c-1:1", 20)))), 0);
        assertThat(checker.violations()).isEmpty();
        assertThat(checker.account("c-1").balance()).isEqualTo(30);
    }

    @Test
    void findsAGapInSeq() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(earned(3, 10, 60, "e2", "o2")), 0);
        assertThat(checker.violations()).extracting(InvariantChecker.Violation::customerId, InvariantChecker.Violation::seq)
                .contains(org.assertj.core.groups.Tuple.tuple("c-1", 3L));
        assertThat(rules()).contains("gapless-seq");
    }

    @Test
    void findsABrokenBalanceChain() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(earned(2, 10, 70, "e2", "o2")), 0);
        assertThat(rules()).contains("balance-chain");
        assertThat(checker.violations().get(0).message()).contains("expected 50 + 10 = 60");
    }

    @Test
    void findsARedemptionThatLeftTheBalanceNegative() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(redeemed(2, 60, -10, List.of(new Consumption("c-1:1", 50)))), 0);
        assertThat(rules()).contains("no-negative-balance");
    }

    @Test
    void findsLotsThatDoNotAddUp() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(redeemed(2, 20, 30, List.of(new Consumption("c-1:1", 5)))), 0);
        assertThat(rules()).contains("lots-add-up");
    }

    @Test
    void findsAnEventAppliedTwiceAndACustomerInTwoPartitions() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(earned(2, 50, 100, "e1", "o2")), 1);
        checker.accept(sealed(earned(3, 50, 150, "e2", "o3")), 1);
        checker.accept(sealed(earned(4, 50, 200, "e1", "o4")), 1);
        assertThat(checker.violations()).filteredOn(v -> v.rule().equals("applied-once"))
                .extracting(InvariantChecker.Violation::seq).containsExactly(2L, 4L);
        assertThat(checker.violations()).filteredOn(v -> v.rule().equals("single-partition"))
                .extracting(InvariantChecker.Violation::seq).containsExactly(2L, 3L, 4L);
    }

    @Test
    void aPurchaseMayBeFollowedByOneCampaignBonusButNoOtherEntryOfTheSameEvent() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(bonus(2, 100, 150, "e1", Detail.builder().orderId("o1").campaign("welcome").build())), 0);
        checker.accept(sealed(bonus(3, 100, 250, "e1", Detail.builder().orderId("o1").campaign("welcome").build())), 0);
        checker.accept(sealed(earned(4, 50, 300, "e2", "o2")), 0);
        checker.accept(sealed(bonus(5, 25, 325, "e2", Detail.builder().action("review").build())), 0);
        assertThat(checker.violations()).filteredOn(v -> v.rule().equals("applied-once"))
                .extracting(InvariantChecker.Violation::seq).containsExactly(3L, 5L);
        assertThat(checker.account("c-1").engagements()).containsOnlyKeys("review");
        assertThat(checker.account("c-1").lastPurchaseAt()).isEqualTo(T);
    }

    private static LedgerEntry bonus(long seq, long points, long balanceAfter, String eventId, Detail detail) {
        return new LedgerEntry("c-1:" + seq, "c-1", seq, EntryKind.BONUS, points, balanceAfter, eventId, T, T,
                "MEMBER", null, null, new LotRef("c-1:" + seq, T.plusSeconds(86400 * 365), points), List.of(),
                detail, "v1");
    }

    @Test
    void aCreditMustPayDebtBeforeFormingALot() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        checker.accept(sealed(new LedgerEntry("c-1:2", "c-1", 2, EntryKind.CLAWED_BACK, -80, -30, "x1", T, T, "MEMBER",
                null, null, null, List.of(new Consumption("c-1:1", 50)),
                Detail.builder().orderId("o1").returnedAmount(BigDecimal.TEN).build(), "v1")), 0);
        checker.accept(sealed(earned(3, 40, 10, "e3", "o3")), 0);
        assertThat(checker.violations()).extracting(InvariantChecker.Violation::seq).containsOnly(3L);
        assertThat(rules()).containsOnly("lots-add-up");
        assertThat(checker.violations().get(0).message()).contains("should form a lot of 10, found 40");
    }

    @Test
    void aTamperedEntryIsReportedAndLeftOutOfTheFold() {
        checker.accept(sealed(earned(1, 50, 50, "e1", "o1")), 0);
        LedgerEntry forged = earned(2, 1_000_000, 1_000_050, "f1", "of");
        checker.accept(LedgerRecord.parse(forged.toJson()), 0);
        checker.accept(LedgerRecord.parse(new LedgerEntry("c-9:1", "c-9", 1, EntryKind.ADJUSTED, 1_000_000, 1_000_000,
                "f2", T, T, "MEMBER", null, null, null, List.of(), Detail.builder().reason("x").build(), "v1").toJson()), 0);
        checker.accept(sealed(earned(2, 10, 60, "e2", "o2")), 0);

        assertThat(checker.violations()).extracting(InvariantChecker.Violation::toString).containsExactly(
                "c-1 seq 2 [tampered]: carries no hash", "c-9 seq 1 [tampered]: carries no hash");
        assertThat(checker.account("c-1").balance()).isEqualTo(60);
        assertThat(checker.customerIds()).containsExactly("c-1");
        assertThat(checker.entries()).isEqualTo(4);
    }
}
