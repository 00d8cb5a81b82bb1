package dev.loyalty.writer;

import static dev.loyalty.writer.WriterDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.program.ProgramVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer follows the versions on loyalty.program: each event by the version in force at its time. */
class ProgramVersionsStoriesTest {

    private static final Instant SWITCH = START.plus(Duration.ofDays(2));

    private static final Program DOUBLE_WEEKEND = ProgramLoader.parse("double.json", """
            {"version":"double-weekend","campaigns":[{"id":"weekend","from":"%s","until":"%s","multiplier":2}]}"""
            .formatted(SWITCH, SWITCH.plus(Duration.ofDays(2))).getBytes(StandardCharsets.UTF_8));

    private final AtomicInteger ignored = new AtomicInteger();
    private final WriterDriver writer = new WriterDriver(WriterOptions.defaults(Program.defaults())
            .withLimits(InputLimits.defaults().withSimulatedTime(true)).withEventPartitions(1)
            .withListener(new WriterListener() {
                @Override
                public void programVersionIgnored() {
                    ignored.incrementAndGet();
                }
            }));

    @AfterEach
    void close() {
        writer.close();
    }

    private void publish(ProgramVersion v) {
        writer.publishVersion(v.key(), v.toJson());
    }

    @Test
    void aVersionAppliesFromItsEffectiveFromAndABackfilledEventKeepsTheOlderRules() {
        publish(new ProgramVersion(1, START.minus(Duration.ofDays(30)), Program.defaults()));
        publish(new ProgramVersion(2, SWITCH, DOUBLE_WEEKEND));

        writer.send("c-1", Events.purchase("e1", "c-1", SWITCH.minusSeconds(1), "o-1", "10.00"));
        writer.send("c-1", Events.purchase("e2", "c-1", SWITCH, "o-2", "10.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", SWITCH.minus(Duration.ofHours(1)), "o-3", "10.00"));

        List<LedgerEntry> ledger = writer.ledger();
        assertThat(ledger).extracting(LedgerEntry::sourceEventId, LedgerEntry::points, LedgerEntry::programVersion)
                .containsExactly(tuple("e1", 10L, "1"),
                        tuple("e2", 20L, "2"),
                        tuple("e3", 10L, "1"));
    }

    @Test
    void aTimeDrivenEntryIsJudgedByTheVersionInForceAtItsDueTime() {
        publish(new ProgramVersion(1, START.minus(Duration.ofDays(30)), Program.defaults()));
        writer.send("c-1", Events.purchase("e1", "c-1", START, "o-1", "10.00"));
        Instant expiry = START.plus(Duration.ofDays(365));
        publish(new ProgramVersion(2, expiry.minus(Duration.ofDays(1)), DOUBLE_WEEKEND));

        writer.send("c-2", Events.purchase("e2", "c-2", expiry.plusSeconds(60), "o-2", "1.00"));
        writer.send("c-1", Events.purchase("e3", "c-1", expiry.plusSeconds(60), "o-3", "1.00"));

        List<LedgerEntry> ledger = writer.ledger().stream().filter(e -> e.customerId().equals("c-1")).toList();
        assertThat(ledger).extracting(LedgerEntry::kind, LedgerEntry::programVersion)
                .containsExactly(tuple(EntryKind.EARNED, "1"),
                        tuple(EntryKind.EXPIRED, "2"),
                        tuple(EntryKind.EARNED, "2"));
    }

    @Test
    void aRecordThatIsNoUsableVersionIsIgnoredAndTheVersionInForceStays() {
        publish(new ProgramVersion(1, START.minus(Duration.ofDays(30)), Program.defaults()));
        writer.publishVersion("2", "{\"number\":2,\"effectiveFrom\":\"2026-01-01T00:00:00Z\",\"program\":{}}"
                .getBytes(StandardCharsets.UTF_8));
        writer.publishVersion("3", "not json".getBytes(StandardCharsets.UTF_8));
        publish(new ProgramVersion(4, START.minus(Duration.ofDays(60)), DOUBLE_WEEKEND));
        writer.publishVersion("1", new ProgramVersion(1, START, DOUBLE_WEEKEND).toJson());

        writer.send("c-1", Events.purchase("e1", "c-1", SWITCH.plusSeconds(1), "o-1", "10.00"));

        assertThat(writer.ledger()).extracting(LedgerEntry::points, LedgerEntry::programVersion)
                .containsExactly(tuple(10L, "1"));
        assertThat(ignored).hasValue(4);
    }
}
