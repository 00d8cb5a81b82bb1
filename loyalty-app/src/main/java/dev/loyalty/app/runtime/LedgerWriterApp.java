package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.writer.LedgerWriterTopology;
import dev.loyalty.writer.WriterListener;
import dev.loyalty.writer.WriterOptions;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/** The ledger writer as a Kafka Streams application. */
final class LedgerWriterApp {

    private LedgerWriterApp() {
    }

    static WriterOptions options(RunSettings settings) {
        return WriterOptions.defaults(settings.program())
                .withTopics(settings.topics())
                .withRepartition(settings.repartition())
                .withLimits(settings.inputLimits())
                .withSeal(new LedgerSeal(settings.ledgerKeys()));
    }

    /**
     * @param self this instance's {@code application.server} ({@link StreamsSettings#common})
     * @param eventPartitions of the events topic: events already on their customer's partition skip the re-keying
     * @param localState of the writer on this instance, cleared first on a cluster if the previous process
     *     crashed ({@link CrashRecovery})
     */
    static KafkaStreams create(RunSettings settings, KafkaConnection connection, HostInfo self, WriterListener listener,
                               int eventPartitions, LocalState localState) {
        WriterOptions options = options(settings).withListener(listener).withEventPartitions(eventPartitions);
        Properties config = StreamsSettings.common(settings, connection, settings.applicationId(), self);
        config.putAll(LedgerWriterTopology.requiredStreamsConfig(options));
        KafkaStreams streams = CrashRecovery.create(LedgerWriterTopology.build(options), config, localState,
                settings.externalBootstrapServers().isPresent());
        // A failure the writer cannot handle must stop it rather than skip a customer's event: a replaced thread
        // skips nothing, and one that keeps failing stops the writer.
        streams.setUncaughtExceptionHandler(new StreamThreadReplacement("ledger writer", Clock.systemUTC()));
        return streams;
    }
}
