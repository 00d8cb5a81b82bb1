package dev.loyalty.app.runtime;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Whether a Kafka Streams application does this instance's part of its work: its group has given
 * it its tasks, and it processes every partition the group gives it as active.
 *
 * <p>Not simply {@code RUNNING}, two ways. Kafka Streams enters {@code RUNNING} only once every task
 * of its threads has opened its stores, standby copies included; an instance given only standby or
 * warm-up copies (a second instance restarted after a crash, which starts holding nothing)
 * processes nothing and forwards every query to the instances holding the active copies, so it
 * need not wait for them. And a partition handed over from another instance takes two rebalances:
 * in between, the new owner runs without it while the group already names it as the owner, and
 * queries for it cannot be answered yet.
 */
final class OwnPart {

    private OwnPart() {
    }

    /** @param self the application's {@code application.server}: Kafka Streams names each member by it */
    static boolean runs(KafkaStreams app, HostInfo self) {
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return false;
        }
        // Empty until the first assignment reaches this instance; then every member with a task, by its address.
        Collection<StreamsMetadata> members = app.metadataForAllStreamsClients();
        if (members.isEmpty()) {
            return false;
        }
        Set<TopicPartition> given = members.stream()
                .filter(member -> member.hostInfo().equals(self))
                .flatMap(member -> member.topicPartitions().stream())
                .collect(Collectors.toSet());
        return given.isEmpty() || state == KafkaStreams.State.RUNNING && processedHere(app).containsAll(given);
    }

    /** The input partitions of the active tasks of this instance's threads, as of their last turn to RUNNING. */
    private static Set<TopicPartition> processedHere(KafkaStreams app) {
        return app.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .collect(Collectors.toSet());
    }
}
