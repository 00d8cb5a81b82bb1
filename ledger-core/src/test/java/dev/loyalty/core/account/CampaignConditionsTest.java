package dev.loyalty.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.event.LineItem;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.ledger.CampaignUse;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.ProgramLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Campaign conditions (tier, first purchase, win-back) and fixed bonuses, decided for one account. */
class CampaignConditionsTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    /** One customer's account under a program with the given campaigns, and every entry it got. */
    private static final class Customer {
        final Decider decider;
        final List<LedgerEntry> ledger = new ArrayList<>();
        Account account;
        int events;

        Customer(String campaigns) {
            decider = new Decider(ProgramLoader.parse("test", ("{\"version\":\"t\",\"campaigns\":" + campaigns + "}")
                    .getBytes(StandardCharsets.UTF_8)));
            account = decider.newAccount("c-1", Instant.EPOCH);
        }

        List<LedgerEntry> buy(Instant at, String amount, LineItem... items) {
            events++;
            Decision d = decider.decide(account, new Purchase("e" + events, "c-1", at, null, "o" + events,
                    new BigDecimal(amount), "USD", List.of(items)), at, at);
            assertThat(d.rejection()).isNull();
            account = d.after();
            ledger.addAll(d.entries());
            return d.entries();
        }

        /** The account as a rebuild from the ledger gives it. */
        Account folded() {
            Account a = decider.newAccount("c-1", Instant.EPOCH);
            ledger.forEach(a::apply);
            return a;
        }
    }

    @Test
    void aTierLimitedCampaignGoesByTheTierInForceBeforeThePurchase() {
        Customer c = new Customer("[{\"id\":\"gold-double\",\"multiplier\":\"2\",\"minTier\":\"GOLD\"}]");

        assertThat(c.buy(T, "600.00")).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::tier)
                .containsExactly(tuple(EntryKind.EARNED, 600L, "MEMBER"), tuple(EntryKind.TIER_CHANGED, 0L, "SILVER"));
        LedgerEntry silver = c.buy(T.plusSeconds(60), "100.00").get(0);
        assertThat(silver.points()).isEqualTo(125);
        assertThat(silver.detail().campaigns()).isNull();

        // This purchase reaches GOLD, but SILVER was in force before it.
        assertThat(c.buy(T.plusSeconds(120), "1400.00")).extracting(LedgerEntry::points, LedgerEntry::tier)
                .containsExactly(tuple(1750L, "SILVER"), tuple(0L, "GOLD"));
        LedgerEntry gold = c.buy(T.plusSeconds(180), "100.00").get(0);
        assertThat(gold.points()).isEqualTo(300);
        assertThat(gold.detail().campaigns())
                .containsExactly(new CampaignUse("gold-double", new BigDecimal("2"), new BigDecimal("100.00")));
    }

    @Test
    void aWinBackCampaignRaisesTheFirstPurchaseAfterItsDaysWithoutOne() {
        Customer c = new Customer("[{\"id\":\"win-back\",\"multiplier\":\"3\",\"inactiveDays\":30}]");

        assertThat(c.buy(T, "10.00").get(0).points()).as("a first purchase is no win-back").isEqualTo(10);
        Instant almost = T.plus(Duration.ofDays(30)).minusSeconds(1);
        assertThat(c.buy(almost, "10.00").get(0).points()).isEqualTo(10);
        Instant back = almost.plus(Duration.ofDays(30));
        LedgerEntry winBack = c.buy(back, "10.00").get(0);
        assertThat(winBack.points()).isEqualTo(30);
        assertThat(winBack.detail().campaigns()).extracting(CampaignUse::id).containsExactly("win-back");
        assertThat(c.buy(back.plus(Duration.ofDays(1)), "10.00").get(0).points()).isEqualTo(10);
        assertThat(c.account.lastPurchaseAt()).isEqualTo(back.plus(Duration.ofDays(1)));
        assertThat(c.folded()).isEqualTo(c.account);
    }

    @Test
    void aBackfilledPurchaseNeitherWinsBackNorMovesTheLatestPurchaseBack() {
        Customer c = new Customer("[{\"id\":\"win-back\",\"multiplier\":\"3\",\"inactiveDays\":30}]");
        c.buy(T, "10.00");

        assertThat(c.buy(T.minus(Duration.ofDays(90)), "10.00").get(0).points()).isEqualTo(10);
        assertThat(c.account.lastPurchaseAt()).isEqualTo(T);
        assertThat(c.buy(T.plus(Duration.ofDays(29)), "10.00").get(0).points()).isEqualTo(10);
    }

    @Test
    void aWelcomeBonusFollowsTheFirstPurchaseOnlyEvenWhenItEarnsNothing() {
        Customer c = new Customer("[{\"id\":\"welcome\",\"firstPurchase\":true,\"bonus\":100}]");

        List<LedgerEntry> first = c.buy(T, "0.50");
        assertThat(first).extracting(LedgerEntry::kind, LedgerEntry::points, LedgerEntry::balanceAfter,
                        LedgerEntry::sourceEventId)
                .containsExactly(tuple(EntryKind.EARNED, 0L, 0L, "e1"), tuple(EntryKind.BONUS, 100L, 100L, "e1"));
        LedgerEntry bonus = first.get(1);
        assertThat(bonus.detail().campaign()).isEqualTo("welcome");
        assertThat(bonus.detail().orderId()).isEqualTo("o1");
        assertThat(bonus.detail().action()).isNull();
        assertThat(bonus.lot().points()).isEqualTo(100);

        assertThat(c.buy(T.plusSeconds(60), "20.00")).extracting(LedgerEntry::kind).containsExactly(EntryKind.EARNED);
        assertThat(c.account.engagements()).isEmpty();
        assertThat(c.folded()).isEqualTo(c.account);
    }

    @Test
    void bonusesDoNotStackButAddToTheMultipliedPointsAndFollowTheirCategories() {
        Customer c = new Customer("""
                [{"id":"double","multiplier":"2"},
                 {"id":"small","bonus":20},
                 {"id":"coffee","bonus":50,"categories":["beverage"]}]""");

        assertThat(c.buy(T, "10.00", new LineItem("bread", "bakery", 1, new BigDecimal("10.00"))))
                .extracting(LedgerEntry::kind, LedgerEntry::points, e -> e.detail().campaign())
                .containsExactly(tuple(EntryKind.EARNED, 20L, null), tuple(EntryKind.BONUS, 20L, "small"));
        assertThat(c.buy(T, "14.00", new LineItem("bread", "bakery", 1, new BigDecimal("10.00")),
                        new LineItem("latte", "beverage", 1, new BigDecimal("4.00"))))
                .extracting(LedgerEntry::kind, LedgerEntry::points, e -> e.detail().campaign())
                .containsExactly(tuple(EntryKind.EARNED, 28L, null), tuple(EntryKind.BONUS, 50L, "coffee"));
        assertThat(c.buy(T, "5.00")).as("a purchase without items has no category")
                .extracting(LedgerEntry::kind, LedgerEntry::points, e -> e.detail().campaign())
                .containsExactly(tuple(EntryKind.EARNED, 10L, null), tuple(EntryKind.BONUS, 20L, "small"));
    }

    @Test
    void aBonusComesBeforeTheUpgradeItsPurchaseCausesAndIsNotClawedBack() {
        Customer c = new Customer("[{\"id\":\"welcome\",\"firstPurchase\":true,\"bonus\":100}]");

        assertThat(c.buy(T, "600.00")).extracting(LedgerEntry::kind, LedgerEntry::tier).containsExactly(
                tuple(EntryKind.EARNED, "MEMBER"), tuple(EntryKind.BONUS, "MEMBER"), tuple(EntryKind.TIER_CHANGED, "SILVER"));
        Decision full = c.decider.decide(c.account, new dev.loyalty.core.event.Return("x1", "c-1", T, null, "o1",
                new BigDecimal("600.00"), "USD"), T, T);
        assertThat(full.entries().get(0).points()).isEqualTo(-600);
        assertThat(full.after().balance()).isEqualTo(100);
    }
}
