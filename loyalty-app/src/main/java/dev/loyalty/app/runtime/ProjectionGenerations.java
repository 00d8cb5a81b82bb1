package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.projections.CustomerViews;
import dev.loyalty.projections.ProjectionListener;
import dev.loyalty.projections.SignalGate;
import dev.loyalty.projections.query.LedgerRecordReader;
import dev.loyalty.projections.query.ProjectionReader;
import dev.loyalty.projections.query.StreamsProjectionReader;
import dev.loyalty.projections.query.SwitchableProjectionReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The projections generation that serves queries, and the making of new ones. The serving generation
 * at start is the one named in the generation file; a replay builds the next and hands it over with
 * {@link #serve}.
 */
final class ProjectionGenerations implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The tag that tells the writer's Kafka Streams metrics from the serving projections'. */
    static final String APP_TAG = "app";

    private final RunSettings settings;
    private final KafkaConnection connection;
    private final HostInfo self;
    private final ProjectionListener listener;
    private final SwitchableProjectionReader reader;
    /** Every generation's history points into the same ledger, so one reader of it serves them all. */
    private final LedgerRecordReader ledger;
    private final MeterRegistry registry;
    private volatile ProjectionGeneration serving;
    private KafkaStreamsMetrics servingMetrics;

    /** Creates (does not start) the generation named in the generation file. */
    /** @param connection the cluster, as the projections' principal on a secured one */
    /** @param registry where the serving generation's Kafka Streams metrics are exported, whichever it is */
    ProjectionGenerations(RunSettings settings, KafkaConnection connection, HostInfo self, ProjectionListener listener,
                          MeterRegistry registry) {
        this.settings = settings;
        this.connection = connection;
        this.self = self;
        this.listener = listener;
        this.registry = registry;
        this.ledger = new LedgerRecordReader(settings.topics().ledger(), connection.clientConfig());
        this.serving = create(GenerationFile.read(settings.dataDir()), SignalGate.SEND_ALL);
        this.reader = new SwitchableProjectionReader(readerOf(serving));
        bindMetrics(serving);
    }

    ProjectionGeneration serving() {
        return serving;
    }

    /** Reads whichever generation serves. */
    ProjectionReader reader() {
        return reader;
    }

    /** A new generation, not started, with the live settings. */
    ProjectionGeneration create(long number, SignalGate gate) {
        return create(number, gate, false);
    }

    /**
     * A new generation, not started. @param catchingUp with the settings for an application far behind
     * the ledger's end (a rebuild's start)
     */
    ProjectionGeneration create(long number, SignalGate gate, boolean catchingUp) {
        String applicationId = ProjectionsApp.applicationId(settings, number);
        LocalState localState = StreamsSettings.localState(settings, applicationId);
        return new ProjectionGeneration(number, applicationId,
                ProjectionsApp.create(settings, connection, self, listener, number, gate, catchingUp, localState),
                localState);
    }

    /** Queries go to {@code next} from now on. @return the generation that served until now */
    synchronized ProjectionGeneration serve(ProjectionGeneration next) {
        ProjectionGeneration previous = serving;
        reader.switchTo(readerOf(next));
        serving = next;
        bindMetrics(next);
        return previous;
    }

    /**
     * Exports the serving generation's Kafka Streams metrics under the stable tag {@code app="projections"},
     * so dashboards and alerts follow a replay; the previous generation's series go with it.
     */
    private synchronized void bindMetrics(ProjectionGeneration generation) {
        if (servingMetrics != null) {
            servingMetrics.close();
        }
        servingMetrics = new KafkaStreamsMetrics(generation.streams(), Tags.of(APP_TAG, "projections"));
        servingMetrics.bindTo(registry);
    }

    /**
     * Leaving the group hands the partitions over at once.
     *
     * @return whether it stopped within the timeout (then its local state is marked closed)
     */
    static boolean stop(ProjectionGeneration generation) {
        boolean stopped = generation.streams().close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (stopped) {
            generation.localState().markClosed();
        }
        return stopped;
    }

    @Override
    public void close() {
        stop(serving);
        synchronized (this) {
            servingMetrics.close();
        }
        ledger.close();
    }

    private ProjectionReader readerOf(ProjectionGeneration generation) {
        return new StreamsProjectionReader(generation.streams(), self, new CustomerViews(settings.program()), ledger);
    }
}
