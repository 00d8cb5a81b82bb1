package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import dev.loyalty.core.program.Program;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    static final String TOPIC = "loyalty.events";
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void anAcceleratedRunEndsWithEveryPartitionsClockAtTheEndDate() {
        MockProducer<String, byte[]> producer = mockProducer(4);
        Instant end = START.plus(Duration.ofDays(30));

        SimulationSummary summary = new Simulator(producer, TOPIC).run(
                TrafficModel.accelerated(1, 100, START, Program.defaults()), new RunPlan(end, 0, null, 0),
                ProgressReporter.silent());

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize((int) summary.sent());
        assertThat(summary.count(Kind.CLOCK_TICK)).isEqualTo(4);
        List<ProducerRecord<String, byte[]>> ticks = sent.subList(sent.size() - 4, sent.size());
        assertThat(ticks).extracting(ProducerRecord::partition).containsExactly(0, 1, 2, 3);
        assertThat(ticks).allSatisfy(tick -> assertThat(new String(tick.value())).contains(end.toString()));
        assertThat(sent).allSatisfy(record -> assertThat(record.key()).isNotBlank());
        assertThat(summary.lastSimulated()).isEqualTo(end);
        assertThat(summary.firstSimulated()).isBefore(START.plus(Duration.ofDays(1)));
        assertThat(summary.customers()).isBetween(50, 100);
    }

    @Test
    void stopsAfterTheRequestedNumberOfEventsAndTicksAtTheTimeReached() {
        MockProducer<String, byte[]> producer = mockProducer(2);

        SimulationSummary summary = new Simulator(producer, TOPIC).run(
                TrafficModel.accelerated(1, 100, START, Program.defaults()),
                new RunPlan(START.plus(Duration.ofDays(365)), 500, null, 0), ProgressReporter.silent());

        assertThat(summary.sent()).isEqualTo(502);
        assertThat(summary.lastSimulated()).isBefore(START.plus(Duration.ofDays(365)));
    }

    @Test
    void aLiveRunAtARateTakesAsLongAsTheRateSays() {
        MockProducer<String, byte[]> producer = mockProducer(2);

        SimulationSummary summary = new Simulator(producer, TOPIC).run(
                TrafficModel.live(1, 100, Clock.systemUTC(), Program.defaults()),
                new RunPlan(null, 201, null, 1_000), ProgressReporter.silent());

        assertThat(summary.sent()).isEqualTo(201);
        assertThat(summary.count(Kind.CLOCK_TICK)).isZero();
        assertThat(summary.firstSimulated()).as("live runs have no simulated span").isNull();
        assertThat(summary.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(195));
        assertThat(summary.averageRate()).isLessThan(1_100);
    }

    @Test
    void aFailedSendEndsTheRunAndIsReported() {
        MockProducer<String, byte[]> producer = new MockProducer<>(cluster(TOPIC, 1), false, null, new StringSerializer(),
                new ByteArraySerializer());
        Simulator simulator = new Simulator(producer, TOPIC);
        Thread failer = new Thread(() -> {
            while (!producer.errorNext(new TopicAuthorizationException(TOPIC))) {
                Thread.onSpinWait();
            }
        });
        failer.start();

        SimulationSummary summary = simulator.run(TrafficModel.live(1, 10, Clock.systemUTC(),
                Program.defaults()), new RunPlan(null, 0, Duration.ofSeconds(20), 1_000), ProgressReporter.silent());

        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.error()).contains("TopicAuthorizationException");
        assertThat(summary.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void producerDefaultsAreDurableAndTheCallersSettingsWin() {
        Properties caller = new Properties();
        caller.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093");
        caller.put("security.protocol", "SSL");
        caller.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");

        Properties config = Simulator.producerConfig(caller);

        assertThat(config).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    }

    @Test
    void theSummaryReadsWell() {
        SimulationSummary summary = new SimulationSummary(Map.of(Kind.PURCHASE, 1_200L, Kind.BAD, 6L), 0,
                100, START, START.plus(Duration.ofDays(365)), Duration.ofSeconds(2), null);

        assertThat(summary.render()).contains("1,206 events in 2.0s (603 events/s), 100 customers",
                "(365 days)", "purchase           1,200", "bad                    6");
        assertThat(summary.bad()).isEqualTo(6);
    }

    static MockProducer<String, byte[]> mockProducer(int partitions) {
        return mockProducer(TOPIC, partitions);
    }

    static MockProducer<String, byte[]> mockProducer(String topic, int partitions) {
        return new MockProducer<>(cluster(topic, partitions), true, null, new StringSerializer(),
                new ByteArraySerializer());
    }

    private static Cluster cluster(String topic, int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node})).toList();
        return new Cluster("test", List.of(node), infos, Set.of(), Set.of());
    }
}
