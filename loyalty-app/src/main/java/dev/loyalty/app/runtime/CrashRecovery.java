package dev.loyalty.app.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a Kafka Streams client of this instance that clears what a crash of its previous process left,
 * when the cluster outlived that process: locally the tasks' stores ({@link LocalState}), before the
 * client opens them; in the group its static members, as the client starts.
 *
 * <p>A crashed process's static members keep their tasks until the session times out, and give them
 * back without a rebalance when the instance returns in time: it must then restore them from scratch
 * (exactly-once discards its stores) before it can run, while other instances may hold up-to-date
 * standby copies. Taken out of the group first, they let the group move those tasks to the standbys
 * now; the instance then joins holding nothing, gets copies to warm up, and runs at once. Kafka Streams
 * moves tasks back once they are warm. The member names are the ones Kafka Streams gives the consumers
 * it asks for ({@link KafkaClientSupplier}), not derived here from its naming. They are taken out as the
 * client starts, just before it joins: the group's rebalance for their leaving then takes in the
 * instance's joining too, where taken out earlier (before the rest of the instance is built) each made
 * a rebalance of its own.
 */
final class CrashRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);
    private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

    private CrashRecovery() {
    }

    /**
     * A Kafka Streams client, not started, that clears what a crash of the previous process left: its stores
     * now, its group members when it starts.
     *
     * @param brokerOutlivesUs whether the cluster kept running while this process was down. Not so with the
     *     embedded broker, which a crash takes down with the process: there the stores are left for Kafka
     *     Streams to find corrupted, as before, because with this clearing, which brings the applications'
     *     first transactions sooner after the broker's own restart, the one-process system was seen (once in
     *     ten crashes, against none in eight without) to meet a transaction left open by the crash that
     *     never ended, and never became ready
     */
    static KafkaStreams create(Topology topology, Properties config, LocalState localState, boolean brokerOutlivesUs) {
        if (!brokerOutlivesUs) {
            localState.unmark();
            return new KafkaStreams(topology, config);
        }
        if (!localState.discardIfLeftOpen()) {
            return new KafkaStreams(topology, config);
        }
        return new LeavingFirst(topology, config, new RecordingClients());
    }

    /** Takes the crashed process's members out of the group when it starts, before its own join. */
    private static final class LeavingFirst extends KafkaStreams {

        private final RecordingClients clients;
        private final String group;
        private boolean left;

        LeavingFirst(Topology topology, Properties config, RecordingClients clients) {
            super(topology, config, clients);
            this.clients = clients;
            this.group = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        }

        @Override
        public synchronized void start() {
            if (!left) {
                left = true;
                clients.leaveGroup(group);
            }
            super.start();
        }
    }

    /** Creates the clients as Kafka Streams' default supplier does, noting the static members' names. */
    static final class RecordingClients implements KafkaClientSupplier {

        private final List<String> staticMembers = new CopyOnWriteArrayList<>();
        private volatile Admin admin;

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            admin = Admin.create(config);
            return admin;
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            Object member = config.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            if (member != null) {
                staticMembers.add(member.toString());
            }
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        /**
         * Through Kafka Streams' own admin client, open until the client closes. Not leaving is no worse than
         * before: the members then time out, or return with their tasks.
         */
        void leaveGroup(String group) {
            if (staticMembers.isEmpty()) {
                return;
            }
            try {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                                staticMembers.stream().map(MemberToRemove::new).toList()))
                        .all().get(LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("{}: the crashed process's members {} left the group", group, staticMembers);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownMemberIdException || e.getCause() instanceof GroupIdNotFoundException) {
                    LOG.info("{}: the crashed process's members {} had left the group already", group, staticMembers);
                } else {
                    LOG.warn("{}: cannot remove the crashed process's members {} from the group: {}", group,
                            staticMembers, e.getCause().toString());
                }
            } catch (TimeoutException e) {
                LOG.warn("{}: removing the crashed process's members {} from the group timed out", group, staticMembers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
