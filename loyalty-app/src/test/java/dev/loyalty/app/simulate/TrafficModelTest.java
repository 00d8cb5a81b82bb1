package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import dev.loyalty.core.event.Engagement;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.program.Program;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrafficModelTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final EventCodec codec = new EventCodec(Program.defaults());

    @Test
    void theSameSeedGivesTheSameEventsByteForByte() {
        List<SimulatedEvent> first = take(TrafficModel.accelerated(7, 200, START, Program.defaults()), 5_000);
        List<SimulatedEvent> second = take(TrafficModel.accelerated(7, 200, START, Program.defaults()), 5_000);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).eventId()).isEqualTo(first.get(i).eventId());
            assertThat(second.get(i).kind()).isEqualTo(first.get(i).kind());
            assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(second.get(i).value()).isEqualTo(first.get(i).value());
        }
    }

    @Test
    void anotherSeedGivesOtherTraffic() {
        List<SimulatedEvent> a = take(TrafficModel.accelerated(7, 200, START, Program.defaults()), 200);
        List<SimulatedEvent> b = take(TrafficModel.accelerated(8, 200, START, Program.defaults()), 200);

        assertThat(a.stream().map(e -> new String(e.value())).toList())
                .doesNotContainAnyElementsOf(b.stream().map(e -> new String(e.value())).toList());
    }

    @Test
    void goodEventsPassTheCodecAndBadOnesAreRejected() {
        List<SimulatedEvent> events = take(TrafficModel.accelerated(3, 300, START, Program.defaults()), 30_000);

        assertThat(events).extracting(SimulatedEvent::kind).contains(Kind.BAD, Kind.DUPLICATE);
        for (SimulatedEvent event : events) {
            ParseResult parsed = codec.parse(event.key(), event.value());
            if (event.kind() == Kind.BAD) {
                assertThat(parsed).as(new String(event.value())).isInstanceOf(ParseResult.Invalid.class);
            } else {
                assertThat(parsed).as(new String(event.value())).isInstanceOf(ParseResult.Valid.class);
                assertThat(((ParseResult.Valid) parsed).event().eventId()).isEqualTo(event.eventId());
            }
        }
    }

    @Test
    void badEventsCoverMalformedJsonForeignCurrencyAndUnknownTypes() {
        List<SimulatedEvent> bad = take(TrafficModel.accelerated(5, 300, START, Program.defaults()), 30_000).stream()
                .filter(e -> e.kind() == Kind.BAD).toList();

        assertThat(bad).extracting(e -> ((ParseResult.Invalid) codec.parse(e.key(), e.value())).reason().name())
                .contains("INVALID_JSON", "UNSUPPORTED_CURRENCY", "UNKNOWN_TYPE");
    }

    @Test
    void liveModeStampsEventsWithTheWallClock() {
        Instant wallClock = Instant.parse("2030-05-05T12:00:00Z");
        TrafficModel model = TrafficModel.live(1, 50, Clock.fixed(wallClock, ZoneOffset.UTC), Program.defaults());

        List<SimulatedEvent> events = take(model, 2_000).stream()
                .filter(e -> e.kind() != Kind.BAD && e.kind() != Kind.DUPLICATE).toList();

        assertThat(events).allSatisfy(e -> assertThat(((ParseResult.Valid) codec.parse(e.key(), e.value()))
                .event().occurredAt()).isEqualTo(wallClock));
        assertThat(events.get(events.size() - 1).simulatedAt()).isAfter(wallClock.plusSeconds(86_400));
    }

    @Test
    void everyCustomerSignsUpBeforeAnythingElse() {
        List<SimulatedEvent> events = take(TrafficModel.accelerated(11, 100, START, Program.defaults()), 3_000);
        Set<String> signedUp = new HashSet<>();

        for (SimulatedEvent event : events) {
            if (event.kind() == Kind.BAD || event.kind() == Kind.DUPLICATE) {
                continue;
            }
            if (((ParseResult.Valid) codec.parse(event.key(), event.value())).event() instanceof Engagement e
                    && e.action().equals("signup")) {
                assertThat(signedUp.add(event.key())).isTrue();
            } else {
                assertThat(signedUp).contains(event.key());
            }
        }
    }

    static List<SimulatedEvent> take(TrafficModel model, int count) {
        List<SimulatedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(model.next());
        }
        return events;
    }
}
