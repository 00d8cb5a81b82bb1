package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * An event reaches its customer's writer straight, when it is on its customer's partition, or through
 * the re-keying topic; the writer parses it once either way, and what it makes of the event does not
 * depend on the way it came. The driver's topics have one partition: with the events topic's partition
 * count set to 1 every keyed event is in place, with 0 (unknown) every event is re-keyed.
 */
class EventPathsTest {

    private static final WriterOptions REAL_TIME = WriterOptions.defaults(Program.defaults());
    private static final String REKEYING_TOPIC_PART = "events-by-customer";

    /** Valid events, repeats, rule refusals and input rejected for each kind of reason. */
    private static List<String> stream() {
        return List.of(
                Events.purchase("e1", "c-1", START, "o-1", "120.00"),
                Events.purchase("e1", "c-1", START, "o-1", "120.00"),
                Events.purchase("e2", "c-1", START, "o-1", "5.00"),
                Events.redeemReward("r1", "c-1", START.plusSeconds(60), "voucher-10"),
                Events.redeemReward("r2", "c-1", START.plusSeconds(60), "free-shipping"),
                Events.redeemReward("r2", "c-1", START.plusSeconds(60), "free-shipping"),
                Events.purchase("e3", "c-1", START.plus(Duration.ofHours(1)), "o-3", "10.00"),
                Events.purchase("e4", "c-1", START, "o-4", "12.345"),
                Events.purchase("e5", "c-2", START, "o-5", "10.00"),
                "{\"eventId\":\"e6\",\"customerId\":\"c-1\",\"occurredAt\":\"" + START + "\",\"type\":\"gift\"}",
                "{\"eventId\":\"e7\",\"type\":\"purchase\"}",
                "{\"customerId\":\"c-1\",\"type\":\"purchase\"}",
                "{\"eventId\":\"e8\",\"customerId\":\"" + "x".repeat(65) + "\",\"type\":\"purchase\"}",
                "{\"eventId\":\"half",
                "[1,2]",
                "{\"eventId\":\"e9\",\"pad\":\"" + "p".repeat(70_000) + "\"}",
                Events.adjustment("a1", "c-1", START, -5, "fix"),
                Events.purchase("e10", "c-1", START.minus(Duration.ofHours(1)), "o-10", "10.00"));
    }

    private static List<String> run(WriterOptions options, String key, List<String> events, boolean rekeyed) {
        try (WriterDriver writer = new WriterDriver(options)) {
            events.forEach(e -> writer.send(key, e));
            assertThat(writer.producedTopics().stream().anyMatch(t -> t.contains(REKEYING_TOPIC_PART)))
                    .as("re-keyed").isEqualTo(rekeyed);
            return writer.outputsAsText();
        }
    }

    private static List<RejectionRecord> rejections(List<String> outputs) {
        return outputs.stream().filter(o -> o.startsWith("rejection "))
                .map(o -> RejectionRecord.fromJson(o.substring(o.indexOf('{')).getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    private static List<String> rejectionKeys(List<String> outputs) {
        return outputs.stream().filter(o -> o.startsWith("rejection ")).map(o -> o.split(" ")[1]).toList();
    }

    @Test
    void keyedEventsGiveTheSameRecordsStraightAndReKeyed() {
        List<String> straight = run(REAL_TIME.withEventPartitions(1), "c-1", stream(), false);
        List<String> rekeyed = run(REAL_TIME.withEventPartitions(0), "c-1", stream(), true);

        assertThat(rekeyed).isEqualTo(straight);
        assertThat(straight).filteredOn(o -> o.startsWith("ledger ")).hasSize(4);
        assertThat(straight).filteredOn(o -> o.startsWith("result ")).hasSize(3);
        assertThat(rejections(straight)).extracting(RejectionRecord::reason, RejectionRecord::offset).containsExactly(
                tuple(RejectReason.DUPLICATE_ORDER, 2L), tuple(RejectReason.INSUFFICIENT_POINTS, 3L),
                tuple(RejectReason.FUTURE_OCCURRED_AT, 6L), tuple(RejectReason.INVALID_FIELD, 7L),
                tuple(RejectReason.KEY_MISMATCH, 8L), tuple(RejectReason.UNKNOWN_TYPE, 9L),
                tuple(RejectReason.MISSING_FIELD, 10L), tuple(RejectReason.MISSING_FIELD, 11L),
                tuple(RejectReason.INVALID_FIELD, 12L), tuple(RejectReason.INVALID_JSON, 13L),
                tuple(RejectReason.INVALID_JSON, 14L), tuple(RejectReason.TOO_LARGE, 15L));
        // Keyed by the customerId when it could be read, else by the record key.
        assertThat(rejectionKeys(straight)).containsExactly("c-1", "c-1", "c-1", "c-1", "c-2", "c-1", "c-1", "c-1",
                "c-1", "c-1", "c-1", "c-1");
    }

    @Test
    void unkeyedEventsGiveTheSameRecordsStraightAndReKeyedByTheCustomerTheyName() {
        List<String> straight = run(REAL_TIME.withRepartition(false), null, stream(), false);
        List<String> rekeyed = run(REAL_TIME.withEventPartitions(1), null, stream(), true);

        assertThat(rekeyed).isEqualTo(straight);
        // Without a key, e5 is c-2's; a rejection whose customerId could not be read has no key.
        assertThat(straight).filteredOn(o -> o.startsWith("ledger ")).hasSize(5);
        assertThat(rejections(straight)).extracting(RejectionRecord::offset)
                .containsExactly(2L, 3L, 6L, 7L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(rejectionKeys(straight)).containsExactly("c-1", "c-1", "c-1", "c-1", "c-1", "null", "null", "null",
                "null", "null", "null");
    }

    @Test
    void oneCustomersEventsByBothPathsAreOneLedgerInOrderAndEachEventIdCountsOnce() {
        try (WriterDriver writer = new WriterDriver(REAL_TIME.withEventPartitions(1))) {
            // Keyed: on the customer's partition. Unkeyed: re-keyed by the customerId read from the value.
            writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "100.00"));
            writer.send(null, Events.purchase("e2", "c-1", START, "o-2", "50.00"));
            writer.send(null, Events.purchase("e1", "c-1", START, "o-1", "100.00"));
            writer.send("c-1", Events.redeemPoints("r1", "c-1", START, 30));
            writer.send(null, Events.redeemPoints("r1", "c-1", START, 30));
            writer.send("c-1", Events.purchase("e2", "c-1", START, "o-2", "50.00"));
            writer.send(null, Events.adjustment("a1", "c-1", START, 5, "fix"));

            assertThat(writer.producedTopics()).anyMatch(t -> t.contains(REKEYING_TOPIC_PART));
            assertThat(writer.ledger()).extracting(LedgerEntry::seq, LedgerEntry::sourceEventId, LedgerEntry::balanceAfter)
                    .containsExactly(tuple(1L, "e1", 100L), tuple(2L, "e2", 150L), tuple(3L, "r1", 120L),
                            tuple(4L, "a1", 125L));
            assertThat(writer.results()).containsExactly(
                    new RedemptionResult("r1", "c-1", "ACCEPTED", 30, 120, "c-1:3", null),
                    new RedemptionResult("r1", "c-1", "ACCEPTED", 30, 120, "c-1:3", null));
            assertThat(writer.rejections()).isEmpty();
        }
    }

    @Test
    void aRecordAnEarlierBuildLeftOnTheReKeyingTopicIsApplied() {
        // The earlier build re-keyed an event it had parsed, by its customerId, with the event's bytes as
        // published and its source coordinates: this build writes the same form, so nothing is converted.
        try (WriterDriver writer = new WriterDriver(REAL_TIME.withEventPartitions(1))) {
            writer.sendToRekeyingTopic("c-1", bytes(Events.purchase("e1", "c-1", START, "o-1", "40.00")),
                    new SourceCoordinates("loyalty.events", 3, 17).asHeaders());
            writer.sendToRekeyingTopic("c-1", bytes(Events.purchase("e2", "c-1", START, "o-1", "40.00")),
                    new SourceCoordinates("loyalty.events", 3, 18).asHeaders());

            assertThat(writer.ledger()).extracting(LedgerEntry::seq, LedgerEntry::sourceEventId)
                    .containsExactly(tuple(1L, "e1"));
            assertThat(writer.rejections()).extracting(RejectionRecord::reason, RejectionRecord::topic,
                            RejectionRecord::partition, RejectionRecord::offset)
                    .containsExactly(tuple(RejectReason.DUPLICATE_ORDER, "loyalty.events", 3, 18L));
        }
    }

    @Test
    void aRecordWrittenStraightToTheReKeyingTopicIsJudgedLikeAnyInput() {
        try (WriterDriver writer = new WriterDriver(REAL_TIME.withEventPartitions(1))) {
            RecordHeaders unkeyed = new RecordHeaders();
            unkeyed.add(EventRouter.UNKEYED_HEADER, new byte[0]);
            // Another customer's event on c-1's writer, with or without the marker the router sets.
            writer.sendToRekeyingTopic("c-1", bytes(Events.adjustment("x1", "c-2", START, 1_000, "forged")),
                    new RecordHeaders());
            writer.sendToRekeyingTopic("c-1", bytes(Events.adjustment("x2", "c-2", START, 1_000, "forged")), unkeyed);
            writer.sendToRekeyingTopic("c-1", bytes(Events.adjustment("x3", "c-1", START, 10_000_000_000_000L, "huge")),
                    new RecordHeaders());
            writer.sendToRekeyingTopic("c-1", bytes("{\"eventId\":\"x4\""), new RecordHeaders());

            assertThat(writer.ledger()).isEmpty();
            assertThat(writer.rejections()).extracting(RejectionRecord::eventId, RejectionRecord::reason)
                    .containsExactly(tuple("x1", RejectReason.KEY_MISMATCH), tuple("x2", RejectReason.KEY_MISMATCH),
                            tuple("x3", RejectReason.INVALID_FIELD), tuple(null, RejectReason.INVALID_JSON));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
