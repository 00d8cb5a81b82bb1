package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.projections.ProjectionsTopology;
import dev.loyalty.projections.ReplayGate;
import dev.loyalty.projections.SentSignals;
import dev.loyalty.projections.Signal;
import dev.loyalty.projections.SignalGate;
import dev.loyalty.http.ReplayControl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code replay} in the running process (SPEC section 7): builds the next projections generation from
 * the beginning of the ledger while the serving one keeps answering, and once it has caught up, makes
 * it serve, stops the old one, releases the signals the rebuild held back and were never sent, records
 * the generation and removes the old one's state and topics. One rebuild at a time.
 */
final class ReplayCoordinator implements ReplayControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayCoordinator.class);
    private static final long POLL_MILLIS = 500;
    private static final long STOP_WAIT_MILLIS = 60_000;

    private final ProjectionGenerations generations;
    private final RunSettings settings;
    private final KafkaConnection connection;
    private final Runnable servingFailed;
    private final Topology topology;
    private volatile ReplayProgress progress;
    private Thread rebuild;

    /** @param servingFailed called when a rebuilt generation fails once it serves, as for the first one */
    ReplayCoordinator(ProjectionGenerations generations, RunSettings settings, KafkaConnection connection,
                      Runnable servingFailed) {
        this.generations = generations;
        this.settings = settings;
        this.connection = connection;
        this.servingFailed = servingFailed;
        this.topology = ProjectionsTopology.build(ProjectionsApp.options(settings));
    }

    @Override
    public synchronized byte[] start(boolean resendSignals) {
        if (rebuild != null && rebuild.isAlive()) {
            throw new Refused("generation " + progress.generation() + " is being rebuilt");
        }
        // Each instance would switch on its own while the others still route queries to the old generation.
        if (!generations.reader().otherInstances().isEmpty()) {
            throw new Refused("replay rebuilds the projections of a single instance; this one runs with others");
        }
        long number = generations.serving().number() + 1;
        // Signals due before now were the serving generation's to send: held back for good.
        SignalGate gate = resendSignals ? SignalGate.SEND_ALL : new ReplayGate(Instant.now());
        progress = new ReplayProgress(ReplayProgress.State.RUNNING, number, 0, 0, 0, -1, null);
        rebuild = new Thread(() -> rebuild(number, gate), "loyalty-replay");
        rebuild.setDaemon(true);
        rebuild.start();
        return progress.toJson();
    }

    @Override
    public byte[] progress() {
        ReplayProgress p = progress;
        return (p != null ? p : ReplayProgress.idle(generations.serving().number())).toJson();
    }

    /** Stops a rebuild under way; its generation is discarded. */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = rebuild;
        }
        if (running != null) {
            running.interrupt();
            running.join(STOP_WAIT_MILLIS);
        }
    }

    private void rebuild(long number, SignalGate gate) {
        try (Admin admin = Admin.create(connection.clientConfig())) {
            ProjectionGeneration next = null;
            try {
                // An earlier failed attempt under this id must not resume from its offsets or changelogs.
                GenerationLeftovers.remove(admin, ProjectionsApp.applicationId(settings, number), topology);
                long startNanos = System.nanoTime();
                next = generations.create(number, gate, true);
                next.streams().cleanUp();
                next.streams().start();
                LOG.info("replay: rebuilding the projections as generation {} ({})", number, next.applicationId());
                waitUntilCaughtUp(next, new LedgerCatchUp(admin, settings.topics().ledger(), next.applicationId()),
                        startNanos);
                // Caught up: the same generation (its group, offsets and state) goes on with the live settings.
                if (!ProjectionGenerations.stop(next)) {
                    throw new IllegalStateException("the rebuilt generation did not stop to take the live settings");
                }
                next = generations.create(number, gate);
                ProjectionGeneration rebuilt = next;
                rebuilt.streams().setStateListener((newState, oldState) -> {
                    if (newState == KafkaStreams.State.ERROR && generations.serving() == rebuilt) {
                        servingFailed.run();
                    }
                });
                next.streams().start();
                LOG.info("replay: generation {} caught up; going on with the live settings", number);
                waitUntilCaughtUp(next, new LedgerCatchUp(admin, settings.topics().ledger(), next.applicationId()),
                        startNanos);
                switchOver(admin, next, gate);
            } catch (InterruptedException e) {
                fail(admin, next, "stopped before it caught up");
            } catch (Exception e) {
                LOG.error("replay: rebuilding generation {} failed", number, e);
                fail(admin, next, e.toString());
            }
        }
    }

    /** @param startNanos when the rebuild started, for its rate */
    private void waitUntilCaughtUp(ProjectionGeneration next, LedgerCatchUp catchUp, long startNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            KafkaStreams.State state = next.streams().state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the rebuilt generation stopped (" + state + ")");
            }
            LedgerCatchUp.Measure m = catchUp.measure();
            double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
            double rate = m.read() / seconds;
            long left = rate > 0 ? (long) Math.ceil((m.total() - m.read()) / rate) : -1;
            progress = new ReplayProgress(ReplayProgress.State.RUNNING, next.number(), m.read(), m.total(),
                    Math.round(rate), left, null);
            if (m.caughtUp() && state == KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The new generation serves before the old one stops, so no query meets a closing store. With the
     * old one stopped every signal it sent is committed, and the gate can tell what was never sent.
     * The generation file is written only once nothing depends on the old generation any more.
     */
    private void switchOver(Admin admin, ProjectionGeneration next, SignalGate gate)
            throws InterruptedException, ExecutionException, TimeoutException {
        ProjectionGeneration old = generations.serve(next);
        boolean oldStopped = ProjectionGenerations.stop(old);
        int released = 0;
        if (gate instanceof ReplayGate held) {
            Properties clientConfig = new Properties();
            clientConfig.putAll(connection.clientConfig());
            released = publish(held.open(SentSignals.read(clientConfig, settings.topics())));
        }
        GenerationFile.write(settings.dataDir(), next.number());
        if (oldStopped) {
            old.streams().cleanUp();
            GenerationLeftovers.remove(admin, old.applicationId(), topology);
        } else {
            LOG.warn("replay: generation {} did not stop in time; its state and topics ({}) are left in place",
                    old.number(), old.applicationId());
        }
        ReplayProgress last = progress;
        progress = new ReplayProgress(ReplayProgress.State.DONE, next.number(), last.entriesRead(),
                last.entriesTotal(), last.entriesPerSec(), 0, null);
        LOG.info("replay: generation {} serves; {} held-back signals released", next.number(), released);
    }

    private int publish(List<Signal> signals) throws InterruptedException, ExecutionException {
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Signal s : signals) {
                sent.add(producer.send(new ProducerRecord<>(s.topic(settings.topics()), s.customerId(), s.toJson())));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return signals.size();
    }

    private void fail(Admin admin, ProjectionGeneration next, String reason) {
        ReplayProgress last = progress;
        if (next != null && generations.serving() != next) {
            discard(admin, next);
        }
        progress = new ReplayProgress(ReplayProgress.State.FAILED, last.generation(), last.entriesRead(),
                last.entriesTotal(), 0, -1, reason);
    }

    /** A failed rebuild leaves nothing behind: the serving generation goes on as before. */
    private void discard(Admin admin, ProjectionGeneration next) {
        try {
            if (ProjectionGenerations.stop(next)) {
                next.streams().cleanUp();
            }
            GenerationLeftovers.remove(admin, next.applicationId(), topology);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("replay: could not remove what generation {} left: {}", next.number(), e.toString());
        }
    }
}
