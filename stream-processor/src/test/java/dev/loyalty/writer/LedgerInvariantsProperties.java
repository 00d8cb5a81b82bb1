package dev.loyalty.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.statistics.Statistics;
import dev.loyalty.core.ledger.EntryKind;

/**
 * SPEC section 3 invariants over random event sequences for several customers, through the real
 * topology: every entry keeps them, the same input gives the same ledger, every accepted event is in
 * the ledger, and the ledger folded from scratch equals the account the writer stored.
 */
class LedgerInvariantsProperties {

    private static final int CUSTOMERS = 4;

    @Provide
    Arbitrary<List<Scenario.Op>> scenarios() {
        return Scenario.ops(CUSTOMERS);
    }

    @Provide
    Arbitrary<Program> programs() {
        return Scenario.programs();
    }

    @Property(tries = 60)
    void everyEntryKeepsTheLedgerInvariants(@ForAll("programs") Program program,
                                            @ForAll("scenarios") List<Scenario.Op> ops) {
        Run run = run(program, ops);
        InvariantChecker checker = check(run.ledger);
        assertThat(checker.violations()).isEmpty();
        Statistics.label("tier change").collect(run.ledger.stream().anyMatch(e -> e.kind() == EntryKind.TIER_CHANGED));
        Statistics.label("expiry").collect(run.ledger.stream().anyMatch(e -> e.kind() == EntryKind.EXPIRED));
        Statistics.label("debt").collect(run.ledger.stream().anyMatch(e -> e.balanceAfter() < 0));
        Statistics.label("campaign bonus").collect(run.ledger.stream()
                .anyMatch(e -> e.detail() != null && e.detail().campaign() != null));
        Statistics.label("campaign multiplier").collect(run.ledger.stream()
                .anyMatch(e -> e.detail() != null && e.detail().campaigns() != null));
        Statistics.label("tier-limited or win-back").collect(run.ledger.stream()
                .filter(e -> e.detail() != null)
                .anyMatch(e -> "come-back".equals(e.detail().campaign()) || (e.detail().campaigns() != null
                        && e.detail().campaigns().stream().anyMatch(c -> !c.id().equals("coffee-double")))));
    }

    @Property(tries = 25)
    void theSameInputGivesTheSameLedger(@ForAll("programs") Program program, @ForAll("scenarios") List<Scenario.Op> ops) {
        assertThat(run(program, ops).ledgerJson).isEqualTo(run(program, ops).ledgerJson);
    }

    @Property(tries = 40)
    void everyAcceptedEventIsInTheLedgerAndNoneTwice(@ForAll("programs") Program program,
                                                     @ForAll("scenarios") List<Scenario.Op> ops) {
        Run run = run(program, ops);
        Set<String> inLedger = new HashSet<>();
        for (LedgerEntry e : run.ledger) {
            if (e.sourceEventId() != null) {
                inLedger.add(e.customerId() + "/" + e.sourceEventId());
            }
        }
        Set<String> rejected = new HashSet<>();
        for (RejectionRecord r : run.rejections) {
            rejected.add(r.customerId() + "/" + r.eventId());
        }
        for (Scenario.Input input : Scenario.inputs(ops, WriterDriver.START)) {
            if (input.value() == null || !input.value().contains("\"eventId\":\"ev-")) {
                continue;
            }
            String eventId = input.value().replaceAll("^.*?\"eventId\":\"(ev-\\d+)\".*$", "$1");
            String customerId = input.value().replaceAll("^.*?\"customerId\":\"([^\"]+)\".*$", "$1");
            String key = customerId + "/" + eventId;
            assertThat(inLedger.contains(key) || rejected.contains(key))
                    .as("event %s is either in the ledger or rejected", key).isTrue();
            assertThat(inLedger.contains(key) && rejected.contains(key))
                    .as("event %s is not both applied and rejected", key).isFalse();
        }
    }

    @Property(tries = 40)
    void theLedgerFoldedFromScratchIsTheStoredAccount(@ForAll("programs") Program program,
                                                      @ForAll("scenarios") List<Scenario.Op> ops) {
        List<Scenario.Input> inputs = Scenario.inputs(ops, WriterDriver.START);
        try (WriterDriver writer = new WriterDriver(program)) {
            feed(writer, inputs);
            List<LedgerEntry> ledger = writer.ledger();
            Set<String> rejected = new HashSet<>();
            writer.rejections().forEach(r -> rejected.add(r.eventId()));
            InvariantChecker checker = check(ledger);
            AccountStore store = new AccountStore(writer.store(AccountStore.ACCOUNTS), writer.store(AccountStore.DUE_INDEX));
            for (String customerId : checker.customerIds()) {
                Account folded = checker.account(customerId);
                Account stored = store.load(customerId);
                assertThat(stored.seq()).isEqualTo(folded.seq());
                assertThat(stored.balance()).isEqualTo(folded.balance());
                assertThat(stored.debt()).isEqualTo(folded.debt());
                assertThat(stored.tier()).isEqualTo(folded.tier());
                assertThat(stored.lots()).isEqualTo(folded.lots());
                assertThat(stored.lastPurchaseAt()).isEqualTo(folded.lastPurchaseAt());
                // The writer forgets what no rule needs any more; what it keeps must match the fold.
                assertThat(folded.orders()).containsAllEntriesOf(stored.orders());
                for (String eventId : stored.seen().keySet()) {
                    assertThat(folded.seen().containsKey(eventId) || rejected.contains(eventId))
                            .as("%s remembered by the writer is in the ledger or was rejected", eventId).isTrue();
                }
            }
        }
    }

    private record Run(List<LedgerEntry> ledger, List<String> ledgerJson, List<RejectionRecord> rejections) {
    }

    private static Run run(Program program, List<Scenario.Op> ops) {
        try (WriterDriver writer = new WriterDriver(program)) {
            feed(writer, Scenario.inputs(ops, WriterDriver.START));
            List<LedgerEntry> ledger = writer.ledger();
            List<String> json = ledger.stream().map(e -> new String(e.toJson(), StandardCharsets.UTF_8)).toList();
            return new Run(ledger, json, writer.rejections());
        }
    }

    private static void feed(WriterDriver writer, List<Scenario.Input> inputs) {
        for (Scenario.Input input : inputs) {
            if (input.advance() != null) {
                writer.advanceWallClock(input.advance());
            } else {
                writer.send(input.key(), input.value());
            }
        }
    }

    private static InvariantChecker check(List<LedgerEntry> ledger) {
        InvariantChecker checker = new InvariantChecker(Program.defaults().lowestTier().name());
        for (LedgerEntry e : ledger) {
            checker.accept(LedgerRecord.parse(e.toJson()), 0);
        }
        return checker;
    }
}
