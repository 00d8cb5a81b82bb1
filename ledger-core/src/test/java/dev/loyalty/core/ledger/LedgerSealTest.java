package dev.loyalty.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.program.Program;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerSealTest {

    private static final Instant T = Instant.parse("2026-03-01T09:00:00Z");
    private static final String KEY_1 = "k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String KEY_2 = "k2=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    /** Same id as KEY_1, other secret. */
    private static final String WRONG_KEY_1 = "k1=ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static LedgerSeal seal(String keyLines) {
        return new LedgerSeal(LedgerKeys.parse(keyLines));
    }

    /** A customer's ledger as the writer appends it: purchases (one with a tier change), a redemption, an adjustment. */
    private static List<byte[]> ledger(Decider decider, Account account) {
        return sealed(decider, account).stream().map(SealedEntry::json).toList();
    }

    private static List<SealedEntry> sealed(Decider decider, Account account) {
        List<SealedEntry> appended = new ArrayList<>();
        String id = account.customerId();
        for (int i = 0; i < 3; i++) {
            Instant at = T.plus(Duration.ofDays(i));
            Decision d = decider.decide(account, new Purchase(id + "-p" + i, id, at, null, "o" + i,
                    new BigDecimal("250.00"), "USD", List.of()), at, at);
            appended.addAll(d.appended());
            account = d.after();
        }
        Decision d = decider.decide(account, new Redemption(id + "-r", id, T, null, "free-coffee", null, null), T, T);
        appended.addAll(d.appended());
        d = decider.decide(d.after(), new Adjustment(id + "-a", id, T, null, 7, "goodwill \"café\"\n", "agent-1"), T, T);
        appended.addAll(d.appended());
        return appended;
    }

    private static List<byte[]> ledger(LedgerSeal seal) {
        Decider decider = new Decider(Program.defaults(), seal);
        return ledger(decider, decider.newAccount("c-1", Instant.EPOCH));
    }

    /** Breaches in order, folding each sound entry as every reader does. */
    private static List<String> breaches(LedgerSeal seal, List<byte[]> records) {
        Account account = new Account("c-1", "MEMBER");
        List<String> found = new ArrayList<>();
        for (byte[] json : records) {
            LedgerRecord r = LedgerRecord.parse(json);
            Optional<String> breach = seal.breach(account, r);
            breach.ifPresentOrElse(b -> found.add("seq " + r.entry().seq() + ": " + b), () -> account.apply(r.entry()));
        }
        return found;
    }

    private static byte[] replace(byte[] json, String from, String to) {
        String s = new String(json, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyEntryTheWriterSealsChecksFromItsOwnJson() {
        List<byte[]> unkeyed = ledger(LedgerSeal.UNKEYED);
        List<byte[]> keyed = ledger(seal(KEY_1));

        assertThat(unkeyed).hasSize(6);
        assertThat(breaches(LedgerSeal.UNKEYED, unkeyed)).isEmpty();
        assertThat(breaches(seal(KEY_1), keyed)).isEmpty();
        LedgerEntry first = LedgerEntry.fromJson(keyed.get(0));
        assertThat(first.hash()).matches("[0-9a-f]{64}");
        assertThat(first.mac().keyId()).isEqualTo("k1");
        assertThat(first.mac().value()).matches("[0-9a-f]{64}");
        assertThat(LedgerEntry.fromJson(unkeyed.get(0)).mac()).isNull();
    }

    @Test
    void theRecordTheWriterSendsIsTheSealedEntrysOwnJsonByteForByte() {
        for (LedgerSeal seal : List.of(LedgerSeal.UNKEYED, seal(KEY_1))) {
            Decider decider = new Decider(Program.defaults(), seal);
            List<SealedEntry> appended = new ArrayList<>(sealed(decider, decider.newAccount("c-1", Instant.EPOCH)));
            Account folded = new Account("c-1", "MEMBER");
            appended.forEach(a -> folded.apply(a.entry()));
            // Text that JSON escapes or writes as it is: control characters, a backslash, other scripts.
            appended.addAll(decider.decide(folded, new Adjustment("c-1-b", "c-1", T, null, -3,
                    "\u0001\t\\/é\uD83D\uDE00 ok", null), T, T).appended());

            assertThat(appended).extracting(a -> a.entry().kind()).contains(EntryKind.EARNED, EntryKind.TIER_CHANGED,
                    EntryKind.REDEEMED, EntryKind.ADJUSTED);
            for (SealedEntry a : appended) {
                assertThat(new String(a.json(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(a.entry().toJson(), StandardCharsets.UTF_8));
                assertThat(a.json()).isEqualTo(a.entry().toJson());
            }
        }
    }

    @Test
    void eachEntryChainsToThePreviousOnesHash() {
        List<byte[]> records = ledger(LedgerSeal.UNKEYED);
        String previous = LedgerChain.GENESIS;
        for (byte[] json : records) {
            LedgerRecord r = LedgerRecord.parse(json);
            assertThat(r.entry().hash()).isEqualTo(LedgerChain.hash(previous, r.content()));
            previous = r.entry().hash();
        }
    }

    @Test
    void theHashCoversTheCanonicalFormNotTheBytesAsSent() throws Exception {
        byte[] json = ledger(LedgerSeal.UNKEYED).get(0);
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json);
        // Members in reverse order, pretty-printed: the same entry for anyone who checks it.
        ObjectNode reordered = Json.MAPPER.createObjectNode();
        List<String> names = new ArrayList<>();
        tree.fieldNames().forEachRemaining(names::add);
        for (int i = names.size() - 1; i >= 0; i--) {
            reordered.set(names.get(i), tree.get(names.get(i)));
        }
        byte[] pretty = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(reordered);

        assertThat(breaches(LedgerSeal.UNKEYED, List.of(pretty))).isEmpty();
    }

    @Test
    void aKnownRecordHasTheDocumentedContentHashAndMac() {
        // The example of docs/security.md, checked there with Python's json, hashlib and hmac.
        String record = "{\"entryId\":\"c-42:1\",\"customerId\":\"c-42\",\"seq\":1,\"kind\":\"ADJUSTED\",\"points\":100,"
                + "\"balanceAfter\":100,\"sourceEventId\":\"adj-1\",\"occurredAt\":\"2026-11-22T10:15:30Z\","
                + "\"recordedAt\":\"2026-11-22T10:15:31Z\",\"tier\":\"MEMBER\",\"lot\":{\"id\":\"c-42:1\","
                + "\"expiresAt\":\"2027-11-22T10:15:30Z\",\"points\":100},"
                + "\"detail\":{\"reason\":\"goodwill \\\"café\\\"\\n\"},\"programVersion\":\"1\"}";

        LedgerRecord r = LedgerRecord.parse(record.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(r.content(), StandardCharsets.UTF_8)).isEqualTo("{\"balanceAfter\":100,"
                + "\"customerId\":\"c-42\",\"detail\":{\"reason\":\"goodwill \\\"café\\\"\\n\"},\"entryId\":\"c-42:1\","
                + "\"kind\":\"ADJUSTED\",\"lot\":{\"expiresAt\":\"2027-11-22T10:15:30Z\",\"id\":\"c-42:1\",\"points\":100},"
                + "\"occurredAt\":\"2026-11-22T10:15:30Z\",\"points\":100,\"programVersion\":\"1\","
                + "\"recordedAt\":\"2026-11-22T10:15:31Z\",\"seq\":1,\"sourceEventId\":\"adj-1\",\"tier\":\"MEMBER\"}");
        String hash = LedgerChain.hash(LedgerChain.GENESIS, r.content());
        assertThat(hash).isEqualTo("ebd5ebc7159c8bcd34466089045f6782b6d40f9c20277ab0e1f9a271a47cf9f3");
        assertThat(LedgerKeys.parse(KEY_1).sign(hash).value())
                .isEqualTo("1cbb3b2924420e64fb937f559ce275665b450536ac3ee9502db743ddd292e873");
    }

    @Test
    void controlCharactersAndOtherScriptsAreWrittenAsRfc8785Does() throws Exception {
        byte[] content = LedgerChain.content(Json.MAPPER.readTree(
                "{\"b\":[2,{\"y\":null,\"x\":true}],\"a\":\"\\u0001\\t/\\u00e9\\ud83d\\ude00\\ud800\",\"hash\":\"h\"}"));

        assertThat(new String(content, StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"\\u0001\\t/é\uD83D\uDE00\\ud800\",\"b\":[2,{\"x\":true,\"y\":null}]}");
    }

    @Test
    void aFractionalNumberIsNoLedgerEntry() {
        byte[] json = replace(ledger(LedgerSeal.UNKEYED).get(0), "\"points\":250", "\"points\":250.0");

        assertThatThrownBy(() -> LedgerRecord.parse(json)).hasMessageContaining("fractional number");
    }

    @Test
    void oneAlteredByteIsCaught() {
        List<byte[]> records = new ArrayList<>(ledger(seal(KEY_1)));
        records.set(4, replace(records.get(4), "\"points\":-50", "\"points\":-5"));

        assertThat(breaches(seal(KEY_1), records)).first().asString().startsWith("seq 5: hash does not chain to seq 4");
    }

    @Test
    void anAlteredEntryWithARecomputedHashFailsItsMac() {
        List<byte[]> records = new ArrayList<>(ledger(seal(KEY_1)));
        LedgerEntry fourth = LedgerEntry.fromJson(records.get(3));
        LedgerEntry fifth = LedgerEntry.fromJson(records.get(4));
        LedgerEntry altered = LedgerSeal.UNKEYED.seal(fourth.hash(), new LedgerEntry(fifth.entryId(),
                fifth.customerId(), fifth.seq(), fifth.kind(), -5, fifth.balanceAfter() + 45, fifth.sourceEventId(),
                fifth.occurredAt(), fifth.recordedAt(), fifth.tier(), fifth.previousTier(), fifth.qualifyingSpend(),
                fifth.lot(), fifth.consumed(), fifth.detail(), fifth.programVersion())).entry();
        records.set(4, altered.withSeal(altered.hash(), fifth.mac()).toJson());

        // Without a key the forger's hash passes, and only the next entry shows the fork.
        assertThat(breaches(LedgerSeal.UNKEYED, records)).first().asString().startsWith("seq 6: hash does not chain");
        assertThat(breaches(seal(KEY_1), records)).first().asString().isEqualTo("seq 5: mac does not check under key k1");
    }

    @Test
    void aRemovedEntryBreaksTheLinkOfTheNextAndHoldsBackTheRest() {
        List<byte[]> records = new ArrayList<>(ledger(LedgerSeal.UNKEYED));
        records.remove(2);

        assertThat(breaches(LedgerSeal.UNKEYED, records)).extracting(b -> b.substring(0, b.indexOf(':')))
                .containsExactly("seq 4", "seq 5", "seq 6");
    }

    @Test
    void anEntryWithoutHashOrWithoutMacIsNotTheWriters() {
        Decider unkeyed = new Decider(Program.defaults());
        LedgerEntry forged = unkeyed.decide(unkeyed.newAccount("c-1", Instant.EPOCH),
                new Adjustment("x", "c-1", T, null, 1_000_000, "forged", null), T, T).entries().get(0);

        assertThat(breaches(LedgerSeal.UNKEYED, List.of(forged.withSeal(null, null).toJson())))
                .containsExactly("seq 1: carries no hash");
        assertThat(breaches(seal(KEY_1), List.of(forged.toJson())))
                .containsExactly("seq 1: carries no mac, and the ledger is keyed");
    }

    @Test
    void aMacUnderAnotherKeyFails() {
        List<byte[]> records = ledger(seal(KEY_1));

        assertThat(breaches(seal(WRONG_KEY_1), records)).first().asString()
                .isEqualTo("seq 1: mac does not check under key k1");
        assertThat(breaches(seal(KEY_2), records)).first().asString()
                .isEqualTo("seq 1: mac names key id k1, which is not a ledger key");
    }

    @Test
    void afterARotationOldEntriesStillCheckAndNewOnesAreSignedWithTheNewKey() {
        Decider before = new Decider(Program.defaults(), seal(KEY_1));
        List<byte[]> records = new ArrayList<>(ledger(before, before.newAccount("c-1", Instant.EPOCH)));
        Account folded = new Account("c-1", "MEMBER");
        records.forEach(json -> folded.apply(LedgerEntry.fromJson(json)));
        LedgerSeal rotated = seal(KEY_2 + "\n" + KEY_1);
        Decider after = new Decider(Program.defaults(), rotated);
        List<LedgerEntry> later = after.decide(folded, new Adjustment("a2", "c-1", T, null, 5, "later", null), T, T)
                .entries();
        later.forEach(e -> records.add(e.toJson()));

        assertThat(breaches(rotated, records)).isEmpty();
        assertThat(later.get(0).mac().keyId()).isEqualTo("k2");
        assertThat(breaches(seal(KEY_1), records)).containsExactly(
                "seq 7: mac names key id k2, which is not a ledger key");
    }

    @Test
    void keyLinesAreCheckedOneByOne() {
        assertThatThrownBy(() -> LedgerKeys.parse("# keys\nk1=c2hvcnQ=\n\nbad line\n" + KEY_2 + "\n" + KEY_2))
                .hasMessageContaining("line 2: key k1 has 5 bytes; at least 32")
                .hasMessageContaining("line 4: expected keyId=base64key")
                .hasMessageContaining("line 6: key id k2 appears twice");
        assertThatThrownBy(() -> LedgerKeys.parse("k1=not base64!"))
                .hasMessageContaining("line 1: key k1 is not base64");
        assertThatThrownBy(() -> LedgerKeys.parse("# nothing\n")).hasMessageContaining("no key");
        assertThat(LedgerKeys.parse("\n# current first\n" + KEY_2 + "\r\n" + KEY_1 + "\n").signingKeyId())
                .isEqualTo("k2");
    }
}
