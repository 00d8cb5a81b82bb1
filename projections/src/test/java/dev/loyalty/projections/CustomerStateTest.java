package dev.loyalty.projections;

import static dev.loyalty.projections.ProjectionDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stored form of a customer's state holds all of it: the projections read the state back for every
 * entry, so whatever the stored form left out would be lost at the customer's next entry.
 */
class CustomerStateTest {

    private final Program program = Program.defaults();
    private final CustomerProjector projector = new CustomerProjector(program);
    private final LedgerScript script = new LedgerScript(program);

    @Test
    void aStateReadsBackAsItWasStoredAtEveryEntryOfAVariedLedger() {
        List<LedgerEntry> ledger = new ArrayList<>();
        ledger.addAll(script.purchase("c-1", "o-1", "600.00", START));
        ledger.addAll(script.redeem("c-1", 100, START.plus(Duration.ofDays(3))));
        for (int d = 10; d <= 60; d += 10) {
            ledger.addAll(script.purchase("c-1", "o-" + d, "40.00", START.plus(Duration.ofDays(d))));
        }
        ledger.addAll(script.giveBack("c-1", "o-1", "500.00", START.plus(Duration.ofDays(70))));
        ledger.addAll(script.adjust("c-1", 25, START.plus(Duration.ofDays(80))));
        ledger.addAll(script.timePasses("c-1", START.plus(Duration.ofDays(400))));
        CustomerState state = projector.newState("c-1");
        ProgramTotals totals = new ProgramTotals();

        for (LedgerEntry e : ledger) {
            projector.advance(state, e.occurredAt(), totals);
            projector.apply(state, e, totals);
            state.dueAt = projector.nextDue(state);

            CustomerState back = CustomerState.fromBytes(state.toBytes());

            assertThat(back).usingRecursiveComparison().isEqualTo(state);
        }
        assertThat(ledger).extracting(LedgerEntry::kind).contains(EntryKind.TIER_CHANGED, EntryKind.REDEEMED,
                EntryKind.CLAWED_BACK, EntryKind.ADJUSTED, EntryKind.EXPIRED);
        assertThat(state.status).isEqualTo(ChurnStatus.LAPSED);
        assertThat(state.warnedThrough).isNotNull();
        assertThat(state.account.orders()).isNotEmpty();
    }
}
