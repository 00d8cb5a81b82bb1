package dev.loyalty.app.runtime;

import org.apache.kafka.streams.KafkaStreams;

/**
 * One generation of the projections: its number, its own application id, its Kafka Streams client and
 * that client's local state.
 */
record ProjectionGeneration(long number, String applicationId, KafkaStreams streams, LocalState localState) {
}
