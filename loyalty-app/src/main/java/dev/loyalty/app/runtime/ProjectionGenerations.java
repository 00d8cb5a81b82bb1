package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.projections.CustomerViews;
import dev.loyalty.projections.ProjectionListener;
import dev.loyalty.projections.SignalGate;
import dev.loyalty.projections.query.ProjectionReader;
import dev.loyalty.projections.query.StreamsProjectionReader;
import dev.loyalty.projections.query.SwitchableProjectionReader;
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

    private final RunSettings settings;
    private final KafkaConnection connection;
    private final HostInfo self;
    private final ProjectionListener listener;
    private final SwitchableProjectionReader reader;
    private volatile ProjectionGeneration serving;

    /** Creates (does not start) the generation named in the generation file. */
    /** @param connection the cluster, as the projections' principal on a secured one */
    ProjectionGenerations(RunSettings settings, KafkaConnection connection, HostInfo self, ProjectionListener listener) {
        this.settings = settings;
        this.connection = connection;
        this.self = self;
        this.listener = listener;
        this.serving = create(GenerationFile.read(settings.dataDir()), SignalGate.SEND_ALL);
        this.reader = new SwitchableProjectionReader(readerOf(serving));
    }

    ProjectionGeneration serving() {
        return serving;
    }

    /** Reads whichever generation serves. */
    ProjectionReader reader() {
        return reader;
    }

    /** A new generation, not started. */
    ProjectionGeneration create(long number, SignalGate gate) {
        return new ProjectionGeneration(number, ProjectionsApp.applicationId(settings, number),
                ProjectionsApp.create(settings, connection, self, listener, number, gate));
    }

    /** Queries go to {@code next} from now on. @return the generation that served until now */
    synchronized ProjectionGeneration serve(ProjectionGeneration next) {
        ProjectionGeneration previous = serving;
        reader.switchTo(readerOf(next));
        serving = next;
        return previous;
    }

    /**
     * Leaving the group hands the partitions over at once.
     *
     * @return whether it stopped within the timeout
     */
    static boolean stop(ProjectionGeneration generation) {
        return generation.streams().close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }

    @Override
    public void close() {
        stop(serving);
    }

    private ProjectionReader readerOf(ProjectionGeneration generation) {
        return new StreamsProjectionReader(generation.streams(), self, new CustomerViews(settings.program()));
    }
}
