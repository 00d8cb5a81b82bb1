package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerChain;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer seals every entry it appends: a hash chained per customer and, with a ledger key, a mac. */
class LedgerSealStoriesTest {

    private static final String KEYS = "k2=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\n"
            + "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** Two customers interleaved, a tier change, a redemption, and a backfilled purchase that expires at once. */
    private static List<LedgerRecord> story(WriterDriver writer) {
        tell(writer);
        return writer.ledgerRecords();
    }

    private static void tell(WriterDriver writer) {
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "300.00"));
        writer.send("c-2", Events.purchase("e2", "c-2", START, "o-2", "20.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", START.plusSeconds(60), "o-3", "300.00"));
        writer.send("c-2", Events.redeemPoints("e4", "c-2", START.plusSeconds(120), 15));
        writer.send("c-2", Events.purchase("e5", "c-2", START.minus(Duration.ofDays(400)), "o-5", "30.00"));
    }

    /** Each customer's entries, hash by hash: the first chains to the genesis value, each next to the one before. */
    private static void assertChained(List<LedgerRecord> records) {
        Map<String, String> previous = new HashMap<>();
        for (LedgerRecord r : records) {
            LedgerEntry e = r.entry();
            String before = previous.getOrDefault(e.customerId(), LedgerChain.GENESIS);
            assertThat(e.hash()).as(e.entryId()).isEqualTo(LedgerChain.hash(before, r.content()));
            previous.put(e.customerId(), e.hash());
        }
    }

    @Test
    void withoutAKeyEveryEntryCarriesAHashChainedToTheCustomersPreviousEntry() {
        try (WriterDriver writer = new WriterDriver()) {
            List<LedgerRecord> records = story(writer);

            assertThat(records).extracting(r -> r.entry().entryId()).containsExactly(
                    "c-1:1", "c-2:1", "c-1:2", "c-1:3", "c-2:2", "c-2:3", "c-2:4");
            assertThat(records).extracting(r -> r.entry().kind()).contains(EntryKind.TIER_CHANGED, EntryKind.EXPIRED);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.entry().hash()).matches("[0-9a-f]{64}");
                assertThat(r.entry().mac()).isNull();
            });
            assertChained(records);
        }
    }

    @Test
    void withAKeyEveryEntryAlsoCarriesAMacByTheNewestKey() {
        LedgerSeal seal = new LedgerSeal(LedgerKeys.parse(KEYS));
        try (WriterDriver writer = new WriterDriver(WriterOptions.defaults(Program.defaults()).withSeal(seal))) {
            List<LedgerRecord> records = story(writer);

            assertThat(records).hasSize(7).allSatisfy(r -> assertThat(r.entry().mac().keyId()).isEqualTo("k2"));
            assertChained(records);
            Map<String, Account> folded = new HashMap<>();
            for (LedgerRecord r : records) {
                Account account = folded.computeIfAbsent(r.entry().customerId(), id -> new Account(id, "MEMBER"));
                assertThat(seal.breach(account, r)).as(r.entry().entryId()).isEmpty();
                account.apply(r.entry());
            }
            LedgerSeal otherKey = new LedgerSeal(LedgerKeys.parse("k2=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
            assertThat(otherKey.breach(new Account("c-1", "MEMBER"), records.get(0))).isPresent();
        }
    }

    @Test
    void theLedgerRecordsAreByteForByteThoseTheWriterWroteBefore() throws Exception {
        // Written by the build before the writer serialized each entry once (ce5d7ed), for this story
        // without and then with a key; the adjustment's reason has an escaped quote, a control character
        // and a character outside the Basic Multilingual Plane.
        List<String> before = Files.readAllLines(Path.of(getClass().getResource("/ledger-records-of-a-story.jsonl")
                .toURI()), StandardCharsets.UTF_8);
        List<String> now = new ArrayList<>();
        for (LedgerSeal seal : List.of(LedgerSeal.UNKEYED, new LedgerSeal(LedgerKeys.parse(KEYS)))) {
            try (WriterDriver writer = new WriterDriver(WriterOptions.defaults(Program.defaults()).withSeal(seal))) {
                tell(writer);
                writer.send("c-1", Events.adjustment("e6", "c-1", START,
                        5, "goodwill \\\"caf\u00e9\\\" \\u0001 \uD83D\uDE00"));
                writer.ledgerValues().forEach(v -> now.add(new String(v, StandardCharsets.UTF_8)));
            }
        }

        assertThat(now).hasSize(16).containsExactlyElementsOf(before);
    }

    @Test
    void aTimeDrivenEntryContinuesTheChain() {
        try (WriterDriver writer = new WriterDriver()) {
            writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "30.00"));
            writer.advanceWallClock(Duration.ofDays(366));

            List<LedgerRecord> records = writer.ledgerRecords();
            assertThat(records).extracting(r -> r.entry().kind()).containsExactly(EntryKind.EARNED, EntryKind.EXPIRED);
            assertChained(records);
        }
    }
}
