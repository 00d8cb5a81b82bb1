package dev.loyalty.projections;

import static dev.loyalty.projections.ProjectionDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The projections apply only entries that pass their seal; the others are counted and leave the views as they were. */
class ProjectionsTamperTest {

    private static final Program PROGRAM = Program.defaults();
    private static final LedgerSeal KEYED = new LedgerSeal(
            LedgerKeys.parse("k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));

    private final AtomicInteger tampered = new AtomicInteger();
    private final AtomicInteger applied = new AtomicInteger();
    private final ProjectionListener counting = new ProjectionListener() {
        @Override
        public void entryTampered() {
            tampered.incrementAndGet();
        }

        @Override
        public void entryApplied() {
            applied.incrementAndGet();
        }
    };
    private ProjectionDriver driver;

    private ProjectionDriver driver(LedgerSeal seal) {
        driver = new ProjectionDriver(ProjectionOptions.defaults(PROGRAM).withSeal(seal).withListener(counting));
        return driver;
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** The same entry with other points, its hash and mac left as they were. */
    private static byte[] withPoints(LedgerEntry e, long points) {
        String json = new String(e.toJson(), StandardCharsets.UTF_8);
        return json.replace("\"points\":" + e.points() + ",", "\"points\":" + points + ",")
                .replace("\"balanceAfter\":" + e.balanceAfter(), "\"balanceAfter\":" + (e.balanceAfter() - e.points() + points))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForgedEntryForANewCustomerIsNotAppliedWithAKey() {
        ProjectionDriver projections = driver(KEYED);
        LedgerScript writer = new LedgerScript(PROGRAM, KEYED);
        // What a plain producer can write: the chain computed right, but no mac, for nobody has the key.
        LedgerScript forger = new LedgerScript(PROGRAM);
        projections.pipe(writer.purchase("c-1", "o-1", "40.00", START));

        projections.pipe(forger.adjust("c-9", 1_000_000, START));

        assertThat(projections.view("c-9")).isNull();
        assertThat(projections.view("c-1").balance()).isEqualTo(40);
        assertThat(projections.metrics().pointsIssued()).isEqualTo(40);
        assertThat(projections.metrics().members()).isEqualTo(1);
        assertThat(tampered).hasValue(1);
        assertThat(applied).hasValue(1);
    }

    @Test
    void anEntryWithoutAHashIsNotAppliedEvenWithoutAKey() {
        ProjectionDriver projections = driver(LedgerSeal.UNKEYED);
        LedgerEntry forged = new LedgerScript(PROGRAM).adjust("c-9", 1_000_000, START).get(0);

        projections.pipeRaw("c-9", forged.withSeal(null, null).toJson());

        assertThat(projections.view("c-9")).isNull();
        assertThat(tampered).hasValue(1);
    }

    @Test
    void anAlteredEntryIsNotAppliedAndTheGenuineOneStillIs() {
        ProjectionDriver projections = driver(KEYED);
        LedgerScript writer = new LedgerScript(PROGRAM, KEYED);
        projections.pipe(writer.purchase("c-1", "o-1", "40.00", START));
        LedgerEntry redemption = writer.redeem("c-1", 30, START.plus(Duration.ofHours(1))).get(0);

        projections.pipeRaw("c-1", withPoints(redemption, -3));

        assertThat(projections.view("c-1").balance()).isEqualTo(40);
        assertThat(projections.historySeqs("c-1")).containsExactly(1L);
        assertThat(tampered).hasValue(1);

        projections.pipe(List.of(redemption));
        assertThat(projections.view("c-1").balance()).isEqualTo(10);
        assertThat(projections.historySeqs("c-1")).containsExactly(1L, 2L);
    }

    @Test
    void afterAMissingEntryTheCustomersLaterEntriesAreHeldBack() {
        ProjectionDriver projections = driver(LedgerSeal.UNKEYED);
        LedgerScript writer = new LedgerScript(PROGRAM);
        List<LedgerEntry> first = writer.purchase("c-1", "o-1", "40.00", START);
        writer.purchase("c-1", "o-2", "5.00", START.plusSeconds(60));
        List<LedgerEntry> third = writer.purchase("c-1", "o-3", "7.00", START.plusSeconds(120));
        List<LedgerEntry> fourth = writer.redeem("c-1", 20, START.plusSeconds(180));

        projections.pipe(first);
        projections.pipe(third);
        projections.pipe(fourth);
        projections.pipe(new LedgerScript(PROGRAM).purchase("c-2", "o-9", "9.00", START));

        assertThat(projections.view("c-1").balance()).isEqualTo(40);
        assertThat(projections.view("c-1").seq()).isEqualTo(1);
        assertThat(projections.view("c-2").balance()).isEqualTo(9);
        assertThat(tampered).hasValue(2);
    }
}
