package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.program.Program;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockTicksTest {

    private static final Instant END = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void oneTickPerPartitionKeyedOntoThatPartition() {
        List<SimulatedEvent> ticks = ClockTicks.at(END, 6, 42);

        assertThat(ticks).hasSize(6);
        for (int p = 0; p < ticks.size(); p++) {
            assertThat(ClockTicks.partitionOf(ticks.get(p).key(), 6)).isEqualTo(p);
            assertThat(ticks.get(p).key()).startsWith("sim-clock-");
        }
        assertThat(ticks).extracting(SimulatedEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void ticksAreValidEventsDatedAtTheEnd() {
        EventCodec codec = new EventCodec(Program.defaults());

        assertThat(ClockTicks.at(END, 12, 42)).allSatisfy(tick -> {
            ParseResult parsed = codec.parse(tick.key(), tick.value());
            assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
            assertThat(((ParseResult.Valid) parsed).event().occurredAt()).isEqualTo(END);
        });
    }

    @Test
    void theKeyToPartitionMappingIsKafkasMurmur2() {
        // The Java producer's documented mapping: toPositive(murmur2(keyBytes)) % partitions.
        assertThat(ClockTicks.partitionOf("sim-clock-0", 1)).isZero();
        assertThat(ClockTicks.customerFor(0, 1)).isEqualTo("sim-clock-0");
    }
}
