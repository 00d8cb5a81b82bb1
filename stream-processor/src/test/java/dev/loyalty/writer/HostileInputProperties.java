package dev.loyalty.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerRecord;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Arbitrary bytes, arbitrary JSON and valid events with fields swapped for boundary values, thrown at
 * the writer as production runs it (real time, default bounds). Whatever comes in, each record gets
 * exactly one outcome (its entries in the ledger, or one rejection, or nothing for a re-delivery), the
 * ledger keeps its invariants, nothing is an internal error, and state and output stay within bounds.
 */
class HostileInputProperties {

    private static final String START = WriterDriver.START.toString();
    private static final List<String> CUSTOMERS = List.of("c-1", "c-2", "\uD83D\uDE00".repeat(64));

    /** One record of loyalty.events, as any client could write it. */
    record Input(byte[] key, byte[] value) {
        static Input of(String key, String value) {
            return new Input(key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Provide
    Arbitrary<List<Input>> hostileStreams() {
        return Arbitraries.frequencyOf(
                        Tuple.<Integer, Arbitrary<? extends Input>>of(4, validEvents()),
                        Tuple.<Integer, Arbitrary<? extends Input>>of(4, mutatedEvents()),
                        Tuple.<Integer, Arbitrary<? extends Input>>of(2, arbitraryJson()),
                        Tuple.<Integer, Arbitrary<? extends Input>>of(1, arbitraryBytes()))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void everyRecordGetsOneOutcomeAndNothingBreaksABound(@ForAll("hostileStreams") List<Input> inputs) {
        try (WriterDriver writer = new WriterDriver(WriterOptions.defaults(Program.defaults()))) {
            for (Input input : inputs) {
                writer.sendRaw(input.key(), input.value());
            }
            writer.advanceWallClock(Duration.ofSeconds(11));
            List<byte[]> ledgerValues = writer.ledgerValues();
            List<byte[]> rejectionValues = writer.rejectionValues();
            List<byte[]> resultValues = writer.resultValues();
            List<LedgerEntry> ledger = ledgerValues.stream().map(LedgerEntry::fromJson).toList();
            List<RejectionRecord> rejections = rejectionValues.stream().map(RejectionRecord::fromJson).toList();

            assertThat(rejections).extracting(RejectionRecord::reason).doesNotContain(RejectReason.INTERNAL_ERROR);
            everyRecordHasOneOutcome(inputs, ledger, rejections);
            InvariantChecker checker = new InvariantChecker(Program.defaults().lowestTier().name());
            ledgerValues.forEach(v -> checker.accept(LedgerRecord.parse(v), 0));
            assertThat(checker.violations()).isEmpty();

            for (List<byte[]> values : List.of(ledgerValues, rejectionValues, resultValues)) {
                assertThat(values).allSatisfy(v -> assertThat(v.length)
                        .isLessThanOrEqualTo(LedgerWriterProcessor.MAX_OUTPUT_BYTES));
            }
            assertThat(rejections).allSatisfy(r -> {
                assertThat(r.message()).hasSizeLessThanOrEqualTo(RejectionRecord.MAX_MESSAGE_CHARS);
                if (r.payload() != null && r.payloadEncoding() == null) {
                    assertThat(r.payload().getBytes(StandardCharsets.UTF_8).length)
                            .isLessThanOrEqualTo(RejectionRecord.MAX_PAYLOAD_BYTES);
                }
            });
            KeyValueStore<String, byte[]> accounts = writer.store(AccountStore.ACCOUNTS);
            try (KeyValueIterator<String, byte[]> all = accounts.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> account = all.next();
                    assertThat(account.value.length).isLessThanOrEqualTo(Long.BYTES + Account.MAX_STORED_BYTES);
                }
            }
            Statistics.label("applied").collect(!ledger.isEmpty());
            Statistics.label("rejected").collect(!rejections.isEmpty());
        }
    }

    @Property(tries = 40)
    void everyRecordHasTheSameOutcomeStraightAndReKeyed(@ForAll("hostileStreams") List<Input> inputs) {
        List<String> straight = outputs(WriterOptions.defaults(Program.defaults()).withRepartition(false), inputs);
        // The events topic's partition count unknown: every record that could be valid is re-keyed.
        List<String> rekeyed = outputs(WriterOptions.defaults(Program.defaults()), inputs);

        assertThat(rekeyed).isEqualTo(straight);
    }

    @Property(tries = 60)
    void theCustomerReadWithoutParsingIsTheOneTheParseFinds(@ForAll("hostileStreams") List<Input> inputs) {
        EventCodec codec = new EventCodec(Program.defaults());
        for (Input input : inputs) {
            if (codec.parse(null, input.value()) instanceof ParseResult.Valid valid) {
                assertThat(EventCodec.customerIdOf(input.value())).isEqualTo(valid.event().customerId());
            }
        }
    }

    /** Every record the writer sends for {@code inputs}, as text. */
    private static List<String> outputs(WriterOptions options, List<Input> inputs) {
        try (WriterDriver writer = new WriterDriver(options)) {
            for (Input input : inputs) {
                writer.sendRaw(input.key(), input.value());
            }
            writer.advanceWallClock(Duration.ofSeconds(11));
            return writer.outputsAsText();
        }
    }

    /** Judged by the codec at the writer's clock: a valid event repeats an earlier one only by its eventId. */
    private static void everyRecordHasOneOutcome(List<Input> inputs, List<LedgerEntry> ledger,
                                                 List<RejectionRecord> rejections) {
        Map<Long, Integer> rejectionsByOffset = new HashMap<>();
        for (RejectionRecord r : rejections) {
            rejectionsByOffset.merge(r.offset(), 1, Integer::sum);
        }
        Set<String> applied = new HashSet<>();
        ledger.stream().filter(e -> e.sourceEventId() != null)
                .forEach(e -> applied.add(e.customerId() + "/" + e.sourceEventId()));
        EventCodec codec = new EventCodec(Program.defaults());
        Set<String> decided = new HashSet<>();
        for (int offset = 0; offset < inputs.size(); offset++) {
            Input input = inputs.get(offset);
            int rejected = rejectionsByOffset.getOrDefault((long) offset, 0);
            String key = input.key() == null ? null : new String(input.key(), StandardCharsets.UTF_8);
            ParseResult parsed = codec.parse(key, input.value(), WriterDriver.START);
            if (!(parsed instanceof ParseResult.Valid valid)) {
                assertThat(rejected).as("record %d is rejected once", offset).isEqualTo(1);
                continue;
            }
            String id = valid.event().customerId() + "/" + valid.event().eventId();
            if (!decided.add(id)) {
                assertThat(rejected).as("re-delivered record %d changes nothing", offset).isZero();
                continue;
            }
            assertThat(applied.contains(id) ? 1 : rejected).as("record %d (%s) has one outcome", offset, id)
                    .isEqualTo(1);
            assertThat(applied.contains(id) && rejected > 0).as("record %d is not both applied and rejected", offset)
                    .isFalse();
        }
    }

    private static Arbitrary<String> customers() {
        return Arbitraries.of(CUSTOMERS);
    }

    private static Arbitrary<Input> validEvents() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 1_000_000);
        Arbitrary<String> amount = Arbitraries.of("0.01", "1.00", "42.50", "999.99", "5000.00", "1000000.00");
        Arbitrary<String> body = Combinators.combine(n, amount, Arbitraries.integers().between(0, 4)).as((i, a, type) ->
                switch (type) {
                    case 0 -> "\"type\":\"purchase\",\"orderId\":\"o-" + (i % 50) + "\",\"amount\":\"" + a
                            + "\",\"currency\":\"USD\"";
                    case 1 -> "\"type\":\"return\",\"orderId\":\"o-" + (i % 50) + "\",\"amount\":\"" + a
                            + "\",\"currency\":\"USD\"";
                    case 2 -> "\"type\":\"redemption\",\"points\":" + (i % 5000 + 1);
                    case 3 -> "\"type\":\"adjustment\",\"points\":" + (i % 2000 - 1000 == 0 ? 7 : i % 2000 - 1000)
                            + ",\"reason\":\"goodwill\"";
                    default -> "\"type\":\"engagement\",\"action\":\"" + List.of("review", "signup", "referral").get(i % 3)
                            + "\"";
                });
        return Combinators.combine(customers(), Arbitraries.strings().alpha().ofLength(12), body,
                        Arbitraries.integers().between(-3_000, 300))
                .as((c, id, b, minutes) -> Input.of(c, "{\"eventId\":\"" + id + "\",\"customerId\":\"" + c
                        + "\",\"occurredAt\":\"" + WriterDriver.START.plus(Duration.ofMinutes(minutes)) + "\"," + b + "}"));
    }

    /** Values chosen to break a parser, a store or a record: huge, empty, far-future, strange. */
    private static Arbitrary<String> hostileValues() {
        return Arbitraries.of(
                "\"\"", "null", "[]", "{}", "true", "0", "-1", "1e2000000", "1e999999999", "-1e999999999", "1e-40",
                "123456789012345678901234567890123", "\"123456789012345678901234567890.123\"", "9223372036854775808",
                "1000000000001", "\"1000000.01\"", "0.001", "\"NaN\"", "\"" + "o".repeat(129) + "\"",
                "\"" + "o".repeat(60_000) + "\"", "\"" + "\\\"".repeat(20_000) + "\"", "\"\\ud800\"",
                "\"" + "\uD83D\uDE00".repeat(65) + "\"", "\"+300000000-01-01T00:00:00Z\"", "\"1969-12-31T23:59:59Z\"",
                "\"2099-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"+10000-01-01T00:00:00Z\"",
                "\"" + WriterDriver.START.plus(Duration.ofMinutes(6)) + "\"", "\"" + START + "\"", "\"USD\"", "\"EUR\"",
                "\"purchase\"", "\"redemption\"", "\"c-1\"", "\"free-coffee\"",
                "[" + "{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":\"0.01\"},".repeat(500)
                        + "{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":\"0.01\"}]",
                "[{\"sku\":\"a\",\"quantity\":1000000000000,\"unitPrice\":1e999999999}]",
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    }

    private static Arbitrary<Input> mutatedEvents() {
        Arbitrary<String> field = Arbitraries.of("eventId", "customerId", "type", "occurredAt", "orderId", "amount",
                "currency", "items", "points", "rewardId", "reason", "note", "action", "source", "junk");
        return Combinators.combine(validEvents(), field, hostileValues(), Arbitraries.of(true, false))
                .as((event, name, value, keepKey) -> {
                    String json = new String(event.value(), StandardCharsets.UTF_8);
                    String replaced = json.replaceFirst("\"" + name + "\":(\"[^\"]*\"|-?[0-9]+)",
                            java.util.regex.Matcher.quoteReplacement("\"" + name + "\":" + value));
                    if (replaced.equals(json)) {
                        replaced = json.substring(0, json.length() - 1) + ",\"" + name + "\":" + value + "}";
                    }
                    return new Input(keepKey ? event.key() : "k".repeat(2_000).getBytes(StandardCharsets.UTF_8),
                            replaced.getBytes(StandardCharsets.UTF_8));
                });
    }

    private static Arbitrary<Input> arbitraryJson() {
        Arbitrary<String> pair = Combinators.combine(
                Arbitraries.of("eventId", "customerId", "type", "occurredAt", "amount", "x", ""),
                hostileValues()).as((k, v) -> "\"" + k + "\":" + v);
        return Combinators.combine(pair.list().ofMaxSize(6), Arbitraries.of(null, "c-1", ""))
                .as((pairs, key) -> Input.of(key, "{" + String.join(",", pairs) + "}"));
    }

    private static Arbitrary<Input> arbitraryBytes() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(20).injectNull(0.5))
                .as((value, key) -> new Input(key, value));
    }
}
