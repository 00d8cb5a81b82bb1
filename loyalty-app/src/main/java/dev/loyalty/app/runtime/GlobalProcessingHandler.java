package dev.loyalty.app.runtime;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams 4.3 warns at every start unless {@code processing.exception.handler.global.enabled}
 * is set, a switch deprecated on arrival (KIP-1270) that 5.0 removes by making its {@code true} the
 * only behaviour. It says nothing for these topologies, which have no global stores: setting it
 * only silences the warning, so it lives here alone, deprecation and all.
 */
public final class GlobalProcessingHandler {

    private GlobalProcessingHandler() {
    }

    /**
     * The partition assignor rebuilds its StreamsConfig from the main consumer's settings only and
     * warns again: hence the same setting under the main consumer prefix.
     */
    @SuppressWarnings("deprecation")
    public static void enable(Map<Object, Object> streamsConfig) {
        streamsConfig.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        streamsConfig.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                true);
    }
}
