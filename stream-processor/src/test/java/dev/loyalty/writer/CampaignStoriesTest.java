package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.CampaignUse;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Campaign conditions through the writer's topics: tier-limited, win-back and welcome campaigns,
 * and the writer state rebuilt from a ledger that holds them.
 */
class CampaignStoriesTest {

    private static final Program PROGRAM = ProgramLoader.parse("test", """
            {"version":"tactics-1","campaigns":[
              {"id":"gold-double","multiplier":"2","minTier":"GOLD"},
              {"id":"win-back","multiplier":"3","inactiveDays":90},
              {"id":"welcome","firstPurchase":true,"bonus":100}]}""".getBytes(StandardCharsets.UTF_8));

    private WriterDriver writer = new WriterDriver(PROGRAM);

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void theFirstPurchaseAfterNinetyDaysWithoutOneEarnsTheWinBackMultiplier() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "20.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plus(Duration.ofDays(89)), "o-2", "20.00"));
        Instant back = START.plus(Duration.ofDays(89 + 90));
        writer.send("c-1", Events.purchase("e3", "c-1", back, "o-3", "20.00"));
        writer.send("c-1", Events.purchase("e4", "c-1", back.plus(Duration.ofDays(1)), "o-4", "20.00"));

        List<LedgerEntry> earned = writer.ledger().stream().filter(e -> e.kind() == EntryKind.EARNED).toList();
        assertThat(earned).extracting(LedgerEntry::sourceEventId, LedgerEntry::points)
                .containsExactly(tuple("e1", 20L), tuple("e2", 20L), tuple("e3", 60L), tuple("e4", 20L));
        assertThat(earned.get(2).detail().campaigns()).extracting(CampaignUse::id).containsExactly("win-back");
        assertThat(earned.get(1).detail().campaigns()).isNull();
    }

    @Test
    void aTierLimitedCampaignRaisesGoldAndNotSilver() {
        writer.send("gold", Events.purchase("g1", "gold", START, "o-1", "2000.00"));
        writer.send("silver", Events.purchase("s1", "silver", START, "o-1", "600.00"));
        writer.ledger();
        writer.send("gold", Events.purchase("g2", "gold", START.plusSeconds(60), "o-2", "100.00"));
        writer.send("silver", Events.purchase("s2", "silver", START.plusSeconds(60), "o-2", "100.00"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::customerId, LedgerEntry::kind, LedgerEntry::points, LedgerEntry::tier)
                .containsExactly(tuple("gold", EntryKind.EARNED, 300L, "GOLD"),
                        tuple("silver", EntryKind.EARNED, 125L, "SILVER"));
        assertThat(ledger.get(0).detail().tierMultiplier()).isEqualByComparingTo("1.5");
        assertThat(ledger.get(0).detail().campaigns()).extracting(CampaignUse::id).containsExactly("gold-double");
        assertThat(ledger.get(1).detail().campaigns()).isNull();
    }

    @Test
    void theWelcomeBonusFollowsTheFirstPurchaseOnceEver() {
        String first = Events.purchase("e1", "c-1", START, "o-1", "12.00");
        writer.send("c-1", first);
        writer.send("c-1", first);
        writer.send("c-1", Events.purchase("e2", "c-1", START.plusSeconds(60), "o-1", "12.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", START.plusSeconds(120), "o-3", "5.00"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter,
                        LedgerEntry::sourceEventId)
                .containsExactly(tuple(EntryKind.EARNED, 12L, 12L, "e1"), tuple(EntryKind.BONUS, 100L, 112L, "e1"),
                        tuple(EntryKind.EARNED, 5L, 117L, "e3"));
        assertThat(ledger.get(1).detail().campaign()).isEqualTo("welcome");
        assertThat(ledger.get(1).detail().orderId()).isEqualTo("o-1");
        assertThat(ledger.get(1).lot().expiresAt()).isEqualTo(START.plus(Duration.ofDays(365)));
        assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                .containsExactly(tuple("e2", RejectReason.DUPLICATE_ORDER));
    }

    @Test
    void theWriterStateRebuiltFromTheLedgerIsTheStoredAccountAndGoesOnAlike() {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "2000.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plus(Duration.ofDays(100)), "o-2", "10.00"));
        List<LedgerEntry> before = writer.ledger();
        Account stored = new AccountStore(writer.store(AccountStore.ACCOUNTS), writer.store(AccountStore.DUE_INDEX))
                .load("c-1");
        writer.close();

        // What WriterStateRebuild does: fold the ledger with the writer's own Account.apply.
        Decider decider = new Decider(PROGRAM);
        Account rebuilt = decider.newAccount("c-1", START);
        before.forEach(rebuilt::apply);
        // The writer has forgotten event ids past the dedup retention; the next event makes the rebuilt one forget them too.
        decider.forgetOld(rebuilt, START.plus(Duration.ofDays(100)));
        assertThat(rebuilt).isEqualTo(stored);
        assertThat(rebuilt.lastPurchaseAt()).isEqualTo(START.plus(Duration.ofDays(100)));

        writer = new WriterDriver(PROGRAM);
        new AccountStore(writer.store(AccountStore.ACCOUNTS), writer.store(AccountStore.DUE_INDEX))
                .save(rebuilt.customerId(), rebuilt.toBytes(), decider.nextDue(rebuilt, START.plus(Duration.ofDays(100))));
        writer.send("c-1", Events.purchase("e2", "c-1", START.plus(Duration.ofDays(100)), "o-2", "10.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", START.plus(Duration.ofDays(190)), "o-3", "10.00"));
        List<LedgerEntry> after = writer.ledger();

        // No second welcome bonus; the win-back counts from the purchase before the rebuild; GOLD x1.5 x3.
        assertThat(after).extracting(LedgerEntry::seq, LedgerEntry::kind, LedgerEntry::points)
                .containsExactly(tuple(before.size() + 1L, EntryKind.EARNED, 45L));
        List<LedgerEntry> whole = new ArrayList<>(before);
        whole.addAll(after);
        InvariantChecker checker = new InvariantChecker(PROGRAM.lowestTier().name());
        whole.forEach(e -> checker.accept(LedgerRecord.parse(e.toJson()), 0));
        assertThat(checker.violations()).isEmpty();
    }
}
