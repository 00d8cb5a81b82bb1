package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.Consumption;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LotRef;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Realistic stories through the writer's topics, asserting the exact ledger, results and rejections. */
class LedgerWriterStoriesTest {

    private WriterDriver writer = new WriterDriver();

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void purchaseEarnsOnePointPerDollarRoundedDownIntoALotExpiringInAYear() {
        writer.send("c-42", Events.purchase("e1", "c-42", START, "o-1", "42.50"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).hasSize(1);
        LedgerEntry e = ledger.get(0);
        assertThat(e.entryId()).isEqualTo("c-42:1");
        assertThat(e.seq()).isEqualTo(1);
        assertThat(e.kind()).isEqualTo(EntryKind.EARNED);
        assertThat(e.points()).isEqualTo(42);
        assertThat(e.balanceAfter()).isEqualTo(42);
        assertThat(e.sourceEventId()).isEqualTo("e1");
        assertThat(e.occurredAt()).isEqualTo(START);
        assertThat(e.recordedAt()).isEqualTo(START);
        assertThat(e.tier()).isEqualTo("MEMBER");
        assertThat(e.lot()).isEqualTo(new LotRef("c-42:1", START.plus(Duration.ofDays(365)), 42));
        assertThat(e.detail().orderId()).isEqualTo("o-1");
        assertThat(e.detail().amount()).isEqualByComparingTo("42.50");
        assertThat(e.detail().rate()).isEqualByComparingTo("1");
        assertThat(e.detail().tierMultiplier()).isEqualByComparingTo("1.0");
        assertThat(e.programVersion()).isEqualTo("1");
    }

    @Test
    void ledgerRecordsAreKeyedByCustomerAndCarryTheSpecFields() {
        writer.send("c-42", Events.purchase("e1", "c-42", START, "o-1", "10.00"));
        assertThat(writer.ledgerKeys()).containsExactly("c-42");
    }

    @Test
    void aDuplicateDeliveryChangesNothing() {
        String purchase = Events.purchase("e1", "c-1", START, "o-1", "20.00");
        writer.send("c-1", purchase);
        writer.send("c-1", purchase);
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-2", "5.00"));

        assertThat(writer.ledger()).extracting(LedgerEntry::seq, LedgerEntry::points, LedgerEntry::balanceAfter)
                .containsExactly(tuple(1L, 20L, 20L), tuple(2L, 5L, 25L));
        assertThat(writer.rejections()).isEmpty();
    }

    @Test
    void redemptionIsAcceptedWhenTheBalanceCoversItAndRejectedOtherwise() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "120.00"));
        writer.send("c-1", Events.redeemReward("r1", "c-1", START.plusSeconds(60), "voucher-10"));
        writer.send("c-1", Events.redeemReward("r2", "c-1", START.plusSeconds(120), "free-shipping"));
        writer.send("c-1", Events.redeemPoints("r3", "c-1", START.plusSeconds(180), 20));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter)
                .containsExactly(tuple(EntryKind.EARNED, 120L, 120L), tuple(EntryKind.REDEEMED, -100L, 20L),
                        tuple(EntryKind.REDEEMED, -20L, 0L));
        assertThat(ledger.get(1).consumed()).containsExactly(new Consumption("c-1:1", 100));
        assertThat(ledger.get(1).detail().rewardId()).isEqualTo("free-shipping");
        assertThat(writer.results()).containsExactly(
                new RedemptionResult("r1", "c-1", "REJECTED", 200, 120, null, "INSUFFICIENT_POINTS"),
                new RedemptionResult("r2", "c-1", "ACCEPTED", 100, 20, "c-1:2", null),
                new RedemptionResult("r3", "c-1", "ACCEPTED", 20, 0, "c-1:3", null));
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("r1", RejectReason.INSUFFICIENT_POINTS));
    }

    @Test
    void aRepeatedRedemptionGetsItsOriginalResultAgain() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "60.00"));
        writer.send("c-1", Events.redeemReward("r1", "c-1", START, "voucher-10"));
        writer.send("c-1", Events.redeemReward("r2", "c-1", START, "free-coffee"));
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-2", "500.00"));
        writer.send("c-1", Events.redeemReward("r1", "c-1", START, "voucher-10"));
        writer.send("c-1", Events.redeemReward("r2", "c-1", START, "free-coffee"));

        List<RedemptionResult> results = writer.results();
        assertThat(results).hasSize(4);
        assertThat(results.get(2)).isEqualTo(results.get(0));
        assertThat(results.get(3)).isEqualTo(results.get(1));
        assertThat(results.get(0).status()).isEqualTo("REJECTED");
        assertThat(results.get(1).status()).isEqualTo("ACCEPTED");
        assertThat(writer.ledger()).extracting(LedgerEntry::kind)
                .containsExactly(EntryKind.EARNED, EntryKind.REDEEMED, EntryKind.EARNED, EntryKind.TIER_CHANGED);
    }

    @Test
    void returnsClawBackInProportionAndMayLeaveDebtThatTheNextCreditPaysFirst() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "100.00"));
        writer.send("c-1", Events.redeemPoints("r1", "c-1", START, 80));
        writer.send("c-1", Events.refund("x1", "c-1", START.plusSeconds(10), "o-1", "33.33"));
        writer.send("c-1", Events.refund("x2", "c-1", START.plusSeconds(20), "o-1", "66.67"));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plusSeconds(30), "o-2", "150.00"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter)
                .containsExactly(
                        tuple(EntryKind.EARNED, 100L, 100L),
                        tuple(EntryKind.REDEEMED, -80L, 20L),
                        // round-half-up(100 x 33.33 / 100) = 33
                        tuple(EntryKind.CLAWED_BACK, -33L, -13L),
                        // full return: exactly what the order earned, 100 - 33
                        tuple(EntryKind.CLAWED_BACK, -67L, -80L),
                        tuple(EntryKind.EARNED, 150L, 70L));
        assertThat(ledger.get(2).consumed()).containsExactly(new Consumption("c-1:1", 20));
        assertThat(ledger.get(2).detail().debtIncurred()).isEqualTo(13);
        assertThat(ledger.get(3).consumed()).isNull();
        assertThat(ledger.get(4).detail().debtPaid()).isEqualTo(80);
        assertThat(ledger.get(4).lot().points()).isEqualTo(70);
    }

    @Test
    void returnsAreRefusedForUnknownOrdersAndBeyondThePurchaseAmount() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "50.00"));
        writer.send("c-1", Events.refund("x1", "c-1", START, "o-9", "10.00"));
        writer.send("c-1", Events.refund("x2", "c-1", START, "o-1", "30.00"));
        writer.send("c-1", Events.refund("x3", "c-1", START, "o-1", "20.01"));

        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("x1", RejectReason.UNKNOWN_ORDER), tuple("x3", RejectReason.RETURN_EXCEEDS_PURCHASE));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::points)
                .containsExactly(tuple(EntryKind.EARNED, 50L), tuple(EntryKind.CLAWED_BACK, -30L));
    }

    @Test
    void aPurchaseCrossingAThresholdUpgradesRightAfterItsEarnedEntryAtTheOldMultiplier() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "450.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plusSeconds(60), "o-2", "100.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", START.plusSeconds(120), "o-3", "100.00"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::tier)
                .containsExactly(
                        tuple(EntryKind.EARNED, 450L, "MEMBER"),
                        tuple(EntryKind.EARNED, 100L, "MEMBER"),
                        tuple(EntryKind.TIER_CHANGED, 0L, "SILVER"),
                        tuple(EntryKind.EARNED, 125L, "SILVER"));
        LedgerEntry change = ledger.get(2);
        assertThat(change.previousTier()).isEqualTo("MEMBER");
        assertThat(change.qualifyingSpend()).isEqualByComparingTo("550.00");
        assertThat(change.sourceEventId()).isEqualTo("e2");
        assertThat(ledger.get(3).detail().tierMultiplier()).isEqualByComparingTo("1.25");
    }

    @Test
    void theTierDropsAfterThirtyDaysOfGraceByTheWallClock() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "600.00"));
        writer.send("c-1", Events.refund("x1", "c-1", START.plusSeconds(60), "o-1", "200.00"));
        writer.ledger();

        writer.advanceWallClock(Duration.ofDays(30));
        assertThat(writer.ledger()).isEmpty();

        writer.advanceWallClock(Duration.ofSeconds(60));
        List<LedgerEntry> down = writer.ledger();
        assertThat(down).hasSize(1);
        LedgerEntry e = down.get(0);
        assertThat(e.kind()).isEqualTo(EntryKind.TIER_CHANGED);
        assertThat(e.previousTier()).isEqualTo("SILVER");
        assertThat(e.tier()).isEqualTo("MEMBER");
        assertThat(e.qualifyingSpend()).isEqualByComparingTo("400.00");
        assertThat(e.occurredAt()).isEqualTo(START.plusSeconds(60).plus(Duration.ofDays(30)));
        assertThat(e.sourceEventId()).isNull();
    }

    @Test
    void reQualifyingWithinTheGraceKeepsTheTier() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "600.00"));
        writer.send("c-1", Events.refund("x1", "c-1", START, "o-1", "200.00"));
        writer.advanceWallClock(Duration.ofDays(20));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plus(Duration.ofDays(20)), "o-2", "150.00"));
        writer.ledger();

        writer.advanceWallClock(Duration.ofDays(20));
        assertThat(writer.ledger()).isEmpty();
    }

    @Test
    void spendLeavingTheWindowStartsTheGraceThenTheTierDrops() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "600.00"));
        writer.ledger();
        // The lot of 600 expires at day 365 (same day the spend leaves the window); the drop follows 30 days later.
        writer.advanceWallClock(Duration.ofDays(365).plusMinutes(1));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind).containsExactly(EntryKind.EXPIRED);
        writer.advanceWallClock(Duration.ofDays(30));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::tier, LedgerEntry::occurredAt)
                .containsExactly(tuple(EntryKind.TIER_CHANGED, "MEMBER", START.plus(Duration.ofDays(395))));
    }

    @Test
    void campaignsApplyPerLineByCategoryAndTheHighestMultiplierWinsWithoutStacking() {
        Program program = ProgramLoader.parse("test", """
                {"version":"xmas-1","campaigns":[
                  {"id":"december-double","from":"2026-12-01T00:00:00Z","until":"2027-01-01T00:00:00Z","multiplier":"2"},
                  {"id":"coffee-triple","from":"2026-12-10T00:00:00Z","until":"2026-12-20T00:00:00Z","multiplier":"3","categories":["beverage"]}
                ]}""".getBytes(StandardCharsets.UTF_8));
        writer.close();
        writer = new WriterDriver(program);
        Instant dec15 = Instant.parse("2026-12-15T10:00:00Z");
        Instant nov = Instant.parse("2026-11-15T10:00:00Z");
        String items = """
                [{"sku":"latte","category":"beverage","quantity":2,"unitPrice":"4.25"},
                 {"sku":"beans","category":"grocery","quantity":1,"unitPrice":"34.00"}]""";
        writer.send("c-1", Events.purchaseWithItems("e0", "c-1", nov, "o-0", "42.50", items));
        writer.send("c-1", Events.purchaseWithItems("e1", "c-1", dec15, "o-1", "42.50", items));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger.get(0).points()).isEqualTo(42);
        assertThat(ledger.get(0).detail().campaigns()).isNull();
        // floor(8.50 x 3 + 34.00 x 2) = floor(25.5 + 68) = 93
        assertThat(ledger.get(1).points()).isEqualTo(93);
        assertThat(ledger.get(1).programVersion()).isEqualTo("1");
        assertThat(ledger.get(1).detail().campaigns())
                .extracting(c -> c.id(), c -> c.multiplier().stripTrailingZeros(), c -> c.amount().stripTrailingZeros())
                .containsExactly(tuple("coffee-triple", new BigDecimal("3"), new BigDecimal("8.5")),
                        tuple("december-double", new BigDecimal("2"), new BigDecimal("34")));
    }

    @Test
    void aBackfilledLotAlreadyPastItsExpiryExpiresAtOnce() {
        Instant longAgo = START.minus(Duration.ofDays(400));
        writer.send("c-1", Events.purchase("e1", "c-1", longAgo, "o-1", "30.00"));

        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter,
                        LedgerEntry::occurredAt)
                .containsExactly(tuple(EntryKind.EARNED, 30L, 30L, longAgo),
                        tuple(EntryKind.EXPIRED, -30L, 0L, longAgo.plus(Duration.ofDays(365))));
    }

    @Test
    void pointsExpireFirstExpiringFirstByTheWallClockWithinAMinuteOfDue() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "30.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plus(Duration.ofDays(10)), "o-2", "20.00"));
        writer.send("c-1", Events.redeemPoints("r1", "c-1", START.plus(Duration.ofDays(10)), 40));
        List<LedgerEntry> before = writer.ledger();
        assertThat(before.get(2).consumed()).containsExactly(new Consumption("c-1:1", 30), new Consumption("c-1:2", 10));

        writer.advanceWallClock(Duration.ofDays(375).plusSeconds(30));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter,
                        LedgerEntry::consumed)
                .containsExactly(tuple(EntryKind.EXPIRED, -10L, 0L, List.of(new Consumption("c-1:2", 10))));
    }

    @Test
    void anEventFromTheFutureMovesThePartitionClockForEveryCustomer() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "30.00"));
        writer.send("c-2", Events.purchase("e2", "c-2", START.plus(Duration.ofDays(366)), "o-2", "10.00"));
        writer.ledger();
        writer.advanceWallClock(Duration.ofSeconds(15));

        assertThat(writer.ledger()).extracting(LedgerEntry::customerId, LedgerEntry::kind, LedgerEntry::points)
                .containsExactly(tuple("c-1", EntryKind.EXPIRED, -30L));
    }

    @Test
    void engagementAwardsItsBonusWithinItsLimit() {
        for (int i = 1; i <= 4; i++) {
            writer.send("c-1", Events.engagement("rv" + i, "c-1", START.plusSeconds(i), "review"));
        }
        writer.send("c-1", Events.engagement("rv5", "c-1", START.plus(Duration.ofDays(1)), "review"));
        writer.send("c-1", Events.engagement("s1", "c-1", START, "signup"));
        writer.send("c-1", Events.engagement("b1", "c-1", Instant.parse("2026-06-01T00:00:00Z"), "birthday"));
        writer.send("c-1", Events.engagement("b2", "c-1", Instant.parse("2026-12-31T00:00:00Z"), "birthday"));
        writer.send("c-1", Events.engagement("b3", "c-1", Instant.parse("2027-01-01T00:00:00Z"), "birthday"));
        writer.send("c-1", Events.engagement("s2", "c-1", START.plus(Duration.ofDays(500)), "signup"));

        assertThat(writer.ledger()).extracting(LedgerEntry::sourceEventId, LedgerEntry::kind, LedgerEntry::points)
                .filteredOn(t -> t.toList().get(1) == EntryKind.BONUS)
                .extracting(t -> t.toList().get(0))
                .containsExactly("rv1", "rv2", "rv3", "rv5", "s1", "b1", "b3");
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("rv4", RejectReason.LIMIT_REACHED), tuple("b2", RejectReason.LIMIT_REACHED),
                        tuple("s2", RejectReason.LIMIT_REACHED));
    }

    @Test
    void referralsAreLimitedToTenInAnyYear() {
        for (int i = 1; i <= 11; i++) {
            writer.send("c-1", Events.engagement("rf" + i, "c-1", START.plus(Duration.ofDays(i)), "referral"));
        }
        writer.send("c-1", Events.engagement("rf12", "c-1", START.plus(Duration.ofDays(367)), "referral"));
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId).containsExactly("rf11");
        assertThat(writer.ledger()).filteredOn(e -> e.kind() == EntryKind.BONUS).hasSize(11);
    }

    @Test
    void adjustmentsCreditAndDebitButNeverBelowZero() {
        writer.send("c-1", Events.adjustment("a1", "c-1", START, 40, "goodwill"));
        writer.send("c-1", Events.adjustment("a2", "c-1", START, -50, "correction"));
        writer.send("c-1", Events.adjustment("a3", "c-1", START, -40, "correction"));

        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter)
                .containsExactly(tuple(EntryKind.ADJUSTED, 40L, 40L), tuple(EntryKind.ADJUSTED, -40L, 0L));
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("a2", RejectReason.INSUFFICIENT_POINTS));
    }

    @Test
    void aPoisonMessageIsRejectedWithItsBytesAndTheStreamGoesOn() {
        byte[] poison = {(byte) 0xff, (byte) 0xfe, '{'};
        writer.sendRaw("c-1".getBytes(StandardCharsets.UTF_8), poison);
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "10.00"));
        writer.send("c-1", "{\"eventId\":\"half");
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-2", "10.00"));

        List<RejectionRecord> rejections = writer.rejections();
        assertThat(rejections).extracting(RejectionRecord::reason)
                .containsExactly(RejectReason.INVALID_JSON, RejectReason.INVALID_JSON);
        assertThat(rejections.get(0).payloadEncoding()).isEqualTo("base64");
        assertThat(rejections.get(0).payload()).isEqualTo("//57");
        assertThat(rejections.get(0).topic()).isEqualTo("loyalty.events");
        assertThat(rejections.get(0).offset()).isEqualTo(0);
        assertThat(rejections.get(1).payload()).isEqualTo("{\"eventId\":\"half");
        assertThat(rejections.get(1).offset()).isEqualTo(2);
        assertThat(writer.ledger()).extracting(LedgerEntry::seq).containsExactly(1L, 2L);
    }

    @Test
    void aRuleRejectionKeepsTheOriginalTopicPartitionAndOffsetAcrossTheRekeying() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "10.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-1", "10.00"));

        RejectionRecord r = writer.rejections().get(0);
        assertThat(r.reason()).isEqualTo(RejectReason.DUPLICATE_ORDER);
        assertThat(r.topic()).isEqualTo("loyalty.events");
        assertThat(r.partition()).isEqualTo(0);
        assertThat(r.offset()).isEqualTo(1);
        assertThat(r.eventId()).isEqualTo("e2");
        assertThat(r.customerId()).isEqualTo("c-1");
        assertThat(r.payload()).isEqualTo(Events.purchase("e2", "c-1", START, "o-1", "10.00"));
        assertThat(r.rejectedAt()).isEqualTo(START);
    }

    @Test
    void eventsWithoutAKeyAreAppliedUnderTheirCustomerId() {
        writer.send(null, Events.purchase("e1", "c-7", START, "o-1", "10.00"));
        assertThat(writer.ledgerKeys()).containsExactly("c-7");
    }

    @Test
    void eventsOnTheirCustomersPartitionSkipTheRekeyingHopAndBothPathsMeetInOneWriter() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "10.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-2", "20.00"));
        assertThat(writer.producedTopics()).noneMatch(t -> t.contains("events-by-customer"));

        writer.send(null, Events.purchase("e3", "c-1", START, "o-3", "30.00"));
        writer.send(null, Events.redeemPoints("e4", "c-1", START, 5));
        writer.send("c-1", Events.purchase("e5", "c-1", START, "o-5", "40.00"));

        assertThat(writer.producedTopics()).anyMatch(t -> t.contains("events-by-customer"));
        assertThat(writer.ledger()).extracting(LedgerEntry::seq, LedgerEntry::sourceEventId, LedgerEntry::balanceAfter)
                .containsExactly(tuple(1L, "e1", 10L), tuple(2L, "e2", 30L), tuple(3L, "e3", 60L), tuple(4L, "e4", 55L),
                        tuple(5L, "e5", 95L));
    }

    @Test
    void withoutTheRekeyingHopTheSameRulesApply() {
        writer.close();
        writer = new WriterDriver(WriterOptions.defaults(Program.defaults()).withRepartition(false));
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "10.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START, "o-1", "10.00"));

        assertThat(writer.ledger()).extracting(LedgerEntry::seq, LedgerEntry::points).containsExactly(tuple(1L, 10L));
        RejectionRecord r = writer.rejections().get(0);
        assertThat(r.reason()).isEqualTo(RejectReason.DUPLICATE_ORDER);
        assertThat(r.offset()).isEqualTo(1);
    }

    @Test
    void aReturnAtTheSameInstantAsItsPurchaseStillGetsTheFullGrace() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "600.00"));
        writer.send("c-1", Events.refund("x1", "c-1", START, "o-1", "150.00"));
        writer.ledger();
        writer.advanceWallClock(Duration.ofDays(29));
        assertThat(writer.ledger()).isEmpty();
        writer.advanceWallClock(Duration.ofDays(1));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind, LedgerEntry::occurredAt)
                .containsExactly(tuple(EntryKind.TIER_CHANGED, START.plus(Duration.ofDays(30))));
    }

    @Test
    void aRewardOutsideTheCatalogIsRefusedWithAResultAndARejection() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "500.00"));
        writer.send("c-1", Events.redeemReward("r1", "c-1", START, "gold-bar"));

        assertThat(writer.results()).containsExactly(
                new RedemptionResult("r1", "c-1", "REJECTED", 0, 500, null, "UNKNOWN_REWARD"));
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("r1", RejectReason.UNKNOWN_REWARD));
        assertThat(writer.ledger()).extracting(LedgerEntry::kind).doesNotContain(EntryKind.REDEEMED);
    }
}
