package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.RejectionRecord;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One record must never stop the writer, wipe points or pass unnoticed (issue 9). These stories run
 * the writer as production does: real time, the default bounds. Every customer here shares the
 * driver's one partition, so a bystander is on the same partition as the hostile record.
 */
class HostileInputTest {

    private final List<RejectReason> counted = new CopyOnWriteArrayList<>();
    private final WriterDriver writer = new WriterDriver(WriterOptions.defaults(Program.defaults())
            .withListener(new WriterListener() {
                @Override
                public void rejected(RejectReason reason) {
                    counted.add(reason);
                }
            }));

    @AfterEach
    void close() {
        writer.close();
    }

    @Test
    void purchasesDatedFarAheadAreRejectedAndNoBystanderLosesAPoint() {
        writer.send("c-rich", Events.purchase("e1", "c-rich", START.minus(Duration.ofDays(10)), "o-1", "1000.00"));
        for (Instant future : List.of(Instant.parse("2099-01-01T00:00:00Z"), Instant.parse("9999-12-31T00:00:00Z"),
                START.plus(Duration.ofDays(365 * 50)), START.plus(Duration.ofMinutes(6)))) {
            writer.send("c-evil", Events.purchase("f-" + future, "c-evil", future, "o-" + future, "1.00"));
        }
        assertThat(writer.rejections()).extracting(RejectionRecord::reason).containsOnly(RejectReason.FUTURE_OCCURRED_AT)
                .hasSize(4);
        writer.advanceWallClock(Duration.ofSeconds(15));
        writer.send("c-rich", Events.purchase("e2", "c-rich", START.plus(Duration.ofMinutes(4)), "o-2", "10.00"));
        writer.advanceWallClock(Duration.ofSeconds(15));

        assertThat(writer.ledger()).extracting(LedgerEntry::customerId, LedgerEntry::kind, LedgerEntry::balanceAfter)
                .containsExactly(
                        tuple("c-rich", EntryKind.EARNED, 1000L),
                        tuple("c-rich", EntryKind.TIER_CHANGED, 1000L),
                        tuple("c-rich", EntryKind.EARNED, 1012L));
    }

    @Test
    void aClockStoredFarAheadBeforeTheBoundExistedExpiresNobody() {
        writer.send("c-rich", Events.purchase("e1", "c-rich", START, "o-1", "300.00"));
        KeyValueStore<String, Long> clock = writer.clockStore();
        clock.put(ClockStore.KEY, Instant.parse("2099-01-01T00:00:00Z").toEpochMilli());
        writer.advanceWallClock(Duration.ofSeconds(15));
        writer.send("c-rich", Events.purchase("e2", "c-rich", START.plusSeconds(20), "o-2", "10.00"));

        assertThat(writer.ledger()).extracting(LedgerEntry::kind).containsExactly(EntryKind.EARNED, EntryKind.EARNED);
    }

    @Test
    void anEventTheWriterFailsOnIsParkedAsInternalErrorAndTheStreamGoesOn() {
        KeyValueStore<String, byte[]> accounts = writer.store(AccountStore.ACCOUNTS);
        byte[] broken = {0, 0, 0, 0, 0, 0, 0, 0, 99, 1, 2};
        accounts.put("c-broken", broken);
        String event = Events.purchase("e1", "c-broken", START, "o-1", "10.00");
        writer.send("c-broken", event);
        writer.send("c-ok", Events.purchase("e2", "c-ok", START, "o-2", "10.00"));

        List<RejectionRecord> rejections = writer.rejections();
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.INTERNAL_ERROR);
            assertThat(r.customerId()).isEqualTo("c-broken");
            assertThat(r.payload()).isEqualTo(event);
            assertThat(r.topic()).isEqualTo("loyalty.events");
            assertThat(r.offset()).isZero();
            assertThat(r.message()).contains("could not process");
        });
        assertThat(writer.ledger()).extracting(LedgerEntry::customerId, LedgerEntry::balanceAfter)
                .containsExactly(tuple("c-ok", 10L));
        assertThat(accounts.get("c-broken")).as("the account is not saved half-changed").isEqualTo(broken);
        assertThat(counted).as("counted for the metrics").containsExactly(RejectReason.INTERNAL_ERROR);
    }

    @Test
    void oneAccountFailingItsTimeDrivenWorkHoldsBackNoOtherCustomer() {
        writer.send("c-1", Events.purchase("e1", "c-1", START.minus(Duration.ofDays(364)), "o-1", "30.00"));
        KeyValueStore<String, byte[]> accounts = writer.store(AccountStore.ACCOUNTS);
        KeyValueStore<Bytes, byte[]> dueIndex = writer.store(AccountStore.DUE_INDEX);
        accounts.put("a-broken", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 99});
        dueIndex.put(AccountStore.indexKey(START.minus(Duration.ofDays(1)), "a-broken"), new byte[0]);
        writer.advanceWallClock(Duration.ofDays(2));

        assertThat(writer.ledger()).extracting(LedgerEntry::customerId, LedgerEntry::kind, LedgerEntry::balanceAfter)
                .containsExactly(tuple("c-1", EntryKind.EARNED, 30L), tuple("c-1", EntryKind.EXPIRED, 0L));
        assertThat(counted).as("counted for the metrics").containsExactly(RejectReason.INTERNAL_ERROR);
    }

    @Test
    void anAccountAtItsStorageBoundRefusesMoreHistoryAndStaysWithinIt() {
        String longId = "x".repeat(120);
        List<RejectionRecord> rejections = new ArrayList<>();
        for (int i = 0; i < 1_500 && rejections.isEmpty(); i++) {
            writer.send("c-1", Events.purchase(longId + i, "c-1", START, longId + i, "1.00"));
            rejections.addAll(writer.rejections());
        }
        assertThat(rejections).extracting(RejectionRecord::reason).containsExactly(RejectReason.LIMIT_REACHED);
        // Redemptions add less to remember, but they too are refused once nothing more fits.
        List<RedemptionResult> results = new ArrayList<>();
        for (int i = 0; i < 200 && results.stream().noneMatch(r -> r.status().equals("REJECTED")); i++) {
            writer.send("c-1", Events.redeemPoints(longId + "r" + i, "c-1", START, 1));
            results.addAll(writer.results());
        }
        assertThat(results.get(results.size() - 1)).extracting(RedemptionResult::status, RedemptionResult::reason)
                .containsExactly("REJECTED", "LIMIT_REACHED");
        byte[] stored = writer.<String>store(AccountStore.ACCOUNTS).get("c-1");
        assertThat(stored.length).isLessThanOrEqualTo(Long.BYTES + Account.MAX_STORED_BYTES);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).contains(longId);
    }
}
