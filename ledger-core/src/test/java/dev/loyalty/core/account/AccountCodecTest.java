package dev.loyalty.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.core.event.Engagement;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.event.Return;
import dev.loyalty.core.program.Program;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountCodecTest {

    @Test
    void anAccountSurvivesTheStoredFormUnchanged() {
        Decider decider = new Decider(Program.defaults());
        Instant t = Instant.parse("2026-02-03T04:05:06.789Z");
        Account a = decider.newAccount("c-ü", Instant.EPOCH);
        a = decider.decide(a, new Purchase("p1", "c-ü", t, null, "o1", new BigDecimal("612.34"), "USD", List.of()), t, t).after();
        a = decider.decide(a, new Return("x1", "c-ü", t, null, "o1", new BigDecimal("100.5"), "USD"), t, t).after();
        a = decider.decide(a, new Redemption("r1", "c-ü", t, null, "voucher-10", null, null), t, t).after();
        a = decider.decide(a, new Redemption("r2", "c-ü", t, null, null, 999_999L, null), t, t).after();
        a = decider.decide(a, new Engagement("g1", "c-ü", t, null, "review", null), t, t).after();

        byte[] stored = a.toBytes();
        byte[] padded = new byte[stored.length + 3];
        System.arraycopy(stored, 0, padded, 3, stored.length);

        assertThat(Account.fromBytes(padded, 3)).isEqualTo(a);
        assertThat(a.seen()).hasSize(5);
        assertThat(a.orders().get("o1").refunds()).hasSize(1);
    }

    @Test
    void stringsAreStoredInTheModifiedUtf8OfDataOutputAndReadBackWhateverTheirCharacters() throws Exception {
        Decider decider = new Decider(Program.defaults());
        Instant t = Instant.parse("2026-02-03T04:05:06Z");
        for (String id : List.of("c-1", "nul\0inside", "é-ñ-日本", "pair-\uD83D\uDE00", "lone-\uD800", "x".repeat(64))) {
            Account a = decider.decide(decider.newAccount(id, Instant.EPOCH),
                    new Purchase("p-" + id, id, t, null, "o-" + id, new BigDecimal("12.00"), "USD", List.of()), t, t).after();
            byte[] stored = a.toBytes();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            new DataOutputStream(expected).writeUTF(id);

            // The customer id is the first string, after the format byte: the layout accounts were always stored in.
            assertThat(Arrays.copyOfRange(stored, 1, 1 + expected.size())).isEqualTo(expected.toByteArray());
            assertThat(Account.fromBytes(stored, 0)).isEqualTo(a);
        }
    }

    @Test
    void aStoredAccountCutShortIsAnErrorNotAnAccount() {
        Decider decider = new Decider(Program.defaults());
        Instant t = Instant.parse("2026-02-03T04:05:06Z");
        byte[] stored = decider.decide(decider.newAccount("c-1", Instant.EPOCH),
                new Purchase("p1", "c-1", t, null, "o1", new BigDecimal("12.00"), "USD", List.of()), t, t).after().toBytes();

        assertThatThrownBy(() -> Account.fromBytes(Arrays.copyOf(stored, stored.length - 5), 0))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> Account.fromBytes(Arrays.copyOf(stored, 20), 0))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void anAccountStoredBeforeTheHashChainLoadsAndChainsFromTheGenesisValue() {
        Decider decider = new Decider(Program.defaults());
        Instant t = Instant.parse("2026-02-03T04:05:06Z");
        Account a = decider.decide(decider.newAccount("c-1", Instant.EPOCH),
                new Purchase("p1", "c-1", t, null, "o1", new BigDecimal("12.00"), "USD", List.of()), t, t).after();
        byte[] stored = a.toBytes();
        // Format 1 is format 3 without the latest purchase time (a flag and 12 bytes) and the last hash
        // (a UTF string of 64 characters) at the end.
        byte[] format1 = java.util.Arrays.copyOf(stored, stored.length - 13 - 66);
        format1[0] = 1;

        Account old = Account.fromBytes(format1, 0);

        assertThat(old.lastHash()).isEqualTo(dev.loyalty.core.ledger.LedgerChain.GENESIS);
        assertThat(old.seq()).isEqualTo(a.seq());
        assertThat(old.balance()).isEqualTo(a.balance());
        assertThat(a.lastHash()).isNotEqualTo(dev.loyalty.core.ledger.LedgerChain.GENESIS);
    }

    @Test
    void anAccountStoredBeforeItKeptItsLatestPurchaseTakesItFromTheOrdersItRemembers() {
        Decider decider = new Decider(Program.defaults());
        Instant first = Instant.parse("2026-02-03T04:05:06Z");
        Instant later = first.plusSeconds(86_400);
        Account a = decider.decide(decider.newAccount("c-1", Instant.EPOCH),
                new Purchase("p1", "c-1", later, null, "o1", new BigDecimal("12.00"), "USD", List.of()), later, later).after();
        a = decider.decide(a, new Purchase("p2", "c-1", first, null, "o2", new BigDecimal("3.00"), "USD", List.of()),
                later, later).after();
        byte[] stored = a.toBytes();
        // Format 2 is format 3 without the latest purchase time (a flag and 12 bytes) at the end.
        byte[] format2 = java.util.Arrays.copyOf(stored, stored.length - 13);
        format2[0] = 2;

        Account old = Account.fromBytes(format2, 0);

        assertThat(old.lastPurchaseAt()).isEqualTo(later);
        assertThat(old).isEqualTo(a);
        assertThat(Account.fromBytes(decider.newAccount("c-2", Instant.EPOCH).toBytes(), 0).lastPurchaseAt()).isNull();
    }
}
