package dev.loyalty.app.simulate;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * The closing events of an accelerated run. The writer's business clock is per partition and moves
 * only with the events it sees, so a partition whose last customer event is from March would stay in
 * March. One harmless {@code review} per partition, from a pseudo-customer whose key the Java
 * partitioner places on exactly that partition, brings every partition to the end date.
 */
final class ClockTicks {

    static final String CUSTOMER_PREFIX = "sim-clock-";

    private ClockTicks() {
    }

    /** The first {@code sim-clock-<n>} id whose murmur2 hash maps to {@code partition}. */
    static String customerFor(int partition, int partitions) {
        for (int n = 0; ; n++) {
            String id = CUSTOMER_PREFIX + n;
            if (partitionOf(id, partitions) == partition) {
                return id;
            }
        }
    }

    /** The partition Kafka's default partitioner gives a key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** One tick per partition, in partition order; the list index is the target partition. */
    static List<SimulatedEvent> at(Instant at, int partitions, long seed) {
        List<SimulatedEvent> ticks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String customer = customerFor(p, partitions);
            String eventId = "sim-" + seed + "-clock-" + at.getEpochSecond() + "-p" + p;
            byte[] value = EventJson.bytes(EventJson.engagement(
                    EventJson.common(eventId, "engagement", customer, at, "simulator"), "review", "clock-tick"));
            ticks.add(new SimulatedEvent(Kind.CLOCK_TICK, eventId, customer, value, at));
        }
        return ticks;
    }
}
