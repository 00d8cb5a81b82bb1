package dev.loyalty.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.networknt.schema.Schema;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.ProgramLoader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entries that campaigns of the documented example program give, against the published ledger-entry schema. */
class CampaignEntrySchemaTest {

    @Test
    void campaignEntriesMatchTheLedgerEntrySchema() {
        Decider decider = new Decider(ProgramLoader.load(Path.of("..", "docs", "examples", "program-campaigns.json")));
        Instant first = Instant.parse("2026-06-01T10:00:00Z");
        Instant back = first.plus(Duration.ofDays(200));
        List<LedgerEntry> entries = new ArrayList<>();
        Account account = decider.newAccount("c-1", first);
        for (Purchase p : List.of(
                new Purchase("e1", "c-1", first, null, "o-1", new BigDecimal("20.00"), "USD", List.of()),
                new Purchase("e2", "c-1", back, null, "o-2", new BigDecimal("20.00"), "USD", List.of()))) {
            Decision d = decider.decide(account, p, p.occurredAt(), p.occurredAt());
            entries.addAll(d.entries());
            account = d.after();
        }

        assertThat(entries).extracting(LedgerEntry::kind, LedgerEntry::points).containsExactly(
                tuple(EntryKind.EARNED, 20L),
                tuple(EntryKind.BONUS, 100L),
                tuple(EntryKind.EARNED, 60L),
                tuple(EntryKind.BONUS, 250L));
        Schema schema = ContractSchemas.load("ledger-entry");
        for (LedgerEntry e : entries) {
            assertThat(ContractSchemas.problems(schema, e.toJson())).as(new String(e.toJson())).isEmpty();
        }
    }
}
