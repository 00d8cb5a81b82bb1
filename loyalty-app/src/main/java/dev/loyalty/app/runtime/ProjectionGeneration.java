package dev.loyalty.app.runtime;

import org.apache.kafka.streams.KafkaStreams;

/** One generation of the projections: its number, its own application id and its Kafka Streams client. */
record ProjectionGeneration(long number, String applicationId, KafkaStreams streams) {
}
