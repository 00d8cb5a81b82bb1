package dev.loyalty.app.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a {@link TrafficModel}'s events to the events topic, keyed by customer id, following a
 * {@link RunPlan}. One simulator runs one plan; it owns and closes its producer.
 */
public final class Simulator implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private volatile boolean stopRequested;

    /**
     * @param clientConfig Kafka client settings: at least {@code bootstrap.servers}, plus anything else
     *                     (security, timeouts); they override the simulator's producer defaults
     * @param topic the events topic, e.g. {@code loyalty.events}
     */
    public Simulator(Properties clientConfig, String topic) {
        this(new KafkaProducer<>(producerConfig(clientConfig), new StringSerializer(), new ByteArraySerializer()),
                topic);
    }

    Simulator(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Durable, ordered per customer, and batched for throughput; the caller's settings win. */
    static Properties producerConfig(Properties clientConfig) {
        Properties config = new Properties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "loyalty-simulate");
        config.putAll(clientConfig);
        return config;
    }

    /** Asks a running {@link #run} to stop after the current event; safe to call from another thread. */
    public void stop() {
        stopRequested = true;
    }

    public SimulationSummary run(TrafficModel model, RunPlan plan, ProgressReporter progress) {
        return run(model, plan, progress, () -> true);
    }

    /**
     * @param mayMoveClocks asked once, at the end of an accelerated run, before the clock ticks are sent:
     *     false when the system refuses future-dated events, so moving its clocks would be refused too
     */
    public SimulationSummary run(TrafficModel model, RunPlan plan, ProgressReporter progress,
                                 BooleanSupplier mayMoveClocks) {
        long startNanos = System.nanoTime();
        RatePacer pacer = new RatePacer(plan.eventsPerSecond(), System::nanoTime);
        EventTally tally = new EventTally(plan.simulatedEnd() != null);
        boolean reachedEnd = false;
        while (!stopRequested && firstFailure.get() == null) {
            long elapsedNanos = System.nanoTime() - startNanos;
            if ((plan.maxEvents() > 0 && tally.total() >= plan.maxEvents())
                    || (plan.maxDuration() != null && elapsedNanos >= plan.maxDuration().toNanos())) {
                break;
            }
            SimulatedEvent event = model.next();
            if (plan.simulatedEnd() != null && !event.simulatedAt().isBefore(plan.simulatedEnd())) {
                reachedEnd = true;
                break;
            }
            pacer.awaitTurn(tally.total());
            send(event, null);
            tally.add(event);
            progress.update(tally.total(), fractionDone(plan, model.start(), tally, elapsedNanos),
                    plan.simulatedEnd() == null ? null : event.simulatedAt());
        }
        if (plan.simulatedEnd() != null && firstFailure.get() == null && mayMoveClocks.getAsBoolean()) {
            Instant clockEnd = reachedEnd ? plan.simulatedEnd() : tally.lastSimulated();
            if (clockEnd != null) {
                moveEveryPartitionTo(clockEnd, model.seed(), tally);
            }
        }
        producer.flush();
        progress.finish();
        Exception failure = firstFailure.get();
        return tally.summary(model.joinedCustomers(), Duration.ofNanos(System.nanoTime() - startNanos), failed.get(),
                failure == null ? null : failure.toString());
    }

    private void moveEveryPartitionTo(Instant at, long seed, EventTally tally) {
        List<SimulatedEvent> ticks = ClockTicks.at(at, producer.partitionsFor(topic).size(), seed);
        for (int partition = 0; partition < ticks.size(); partition++) {
            send(ticks.get(partition), partition);
            tally.add(ticks.get(partition));
        }
    }

    private void send(SimulatedEvent event, Integer partition) {
        producer.send(new ProducerRecord<>(topic, partition, event.key(), event.value()), (metadata, exception) -> {
            if (exception != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    /** The largest share done of any limit the plan sets; negative when the run has no end. */
    static double fractionDone(RunPlan plan, Instant simulatedStart, EventTally tally, long elapsedNanos) {
        double fraction = -1;
        if (plan.maxEvents() > 0) {
            fraction = Math.max(fraction, (double) tally.total() / plan.maxEvents());
        }
        if (plan.maxDuration() != null && !plan.maxDuration().isZero()) {
            fraction = Math.max(fraction, (double) elapsedNanos / plan.maxDuration().toNanos());
        }
        if (plan.simulatedEnd() != null && tally.lastSimulated() != null) {
            double span = Duration.between(simulatedStart, plan.simulatedEnd()).toSeconds();
            double covered = Duration.between(simulatedStart, tally.lastSimulated()).toSeconds();
            fraction = Math.max(fraction, span <= 0 ? 1 : covered / span);
        }
        return fraction;
    }

    @Override
    public void close() {
        producer.close();
    }
}
