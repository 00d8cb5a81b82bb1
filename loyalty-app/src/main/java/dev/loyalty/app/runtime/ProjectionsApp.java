package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.projections.ProjectionListener;
import dev.loyalty.projections.ProjectionOptions;
import dev.loyalty.projections.ProjectionsTopology;
import dev.loyalty.projections.SignalGate;
import dev.loyalty.writer.LedgerWriterTopology;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** The projections (views, signals, program totals) as a Kafka Streams application. */
final class ProjectionsApp {

    private ProjectionsApp() {
    }

    /**
     * The projections' application id: the default one next to the default writer, else derived from
     * the writer's, so two deployments on one cluster never share a group.
     */
    static String applicationId(RunSettings settings) {
        return settings.applicationId().equals(LedgerWriterTopology.DEFAULT_APPLICATION_ID)
                ? ProjectionsTopology.DEFAULT_APPLICATION_ID
                : settings.applicationId() + "-projections";
    }

    /**
     * A generation's application id: generation 0 keeps the original one, a rebuilt generation N gets
     * its own ({@code <id>-g<N>}), hence its own consumer group, internal topics and state directory.
     */
    static String applicationId(RunSettings settings, long generation) {
        return generation == 0 ? applicationId(settings) : applicationId(settings) + "-g" + generation;
    }

    static ProjectionOptions options(RunSettings settings) {
        return ProjectionOptions.defaults(settings.program()).withTopics(settings.topics())
                .withSeal(new LedgerSeal(settings.ledgerKeys()));
    }

    /**
     * A new generation reads the ledger from its beginning: Kafka Streams' default
     * {@code auto.offset.reset} is {@code earliest}, and its group is new.
     *
     * @param self where other instances reach this one's HTTP API, for queries routed between instances
     * @param catchingUp with {@link CatchUpSettings} (a rebuild far behind the ledger's end), else live
     * @param localState of the generation on this instance, cleared first on a cluster if the previous process
     *     crashed ({@link CrashRecovery})
     */
    static KafkaStreams create(RunSettings settings, KafkaConnection connection, HostInfo self, ProjectionListener listener,
                               long generation, SignalGate gate, boolean catchingUp, LocalState localState) {
        ProjectionOptions options = options(settings).withListener(listener).withSignalGate(gate);
        Properties config = StreamsSettings.common(settings, connection, applicationId(settings, generation), self);
        if (catchingUp) {
            config.putAll(CatchUpSettings.overrides(config));
        }
        config.putAll(ProjectionsTopology.requiredStreamsConfig());
        KafkaStreams streams = CrashRecovery.create(ProjectionsTopology.build(options), config, localState,
                settings.externalBootstrapServers().isPresent());
        streams.setUncaughtExceptionHandler(new StreamThreadReplacement("projections", Clock.systemUTC()));
        return streams;
    }
}
