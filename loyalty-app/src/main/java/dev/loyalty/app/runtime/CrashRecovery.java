package dev.loyalty.app.runtime;

import java.time.Duration;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
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
 * Starts a Kafka Streams application of this instance after clearing what a crash of its previous
 * process left, locally and on the cluster.
 *
 * <p>Locally, the tasks' stores ({@link LocalState}). On the cluster, two things a crashed process
 * leaves behind that would otherwise hold everyone up until they time out:
 * <ul>
 * <li>its open transactions, aborted only after the transaction timeout and the broker's next check
 *     for timed-out ones; meanwhile whoever takes over its partitions cannot read their committed
 *     offsets, and its stream thread waits. The transactional ids are this process's own (Kafka Streams
 *     keeps its process id with the state), so starting a producer under each aborts them at once;</li>
 * <li>its static members, which keep their tasks until the session times out and get them back without a
 *     rebalance when the instance returns in time: then it must restore them from scratch (its state is
 *     gone) before it can run, while other instances hold up-to-date standby copies. Removed from the group
 *     first, they let the group move those tasks to the standbys now; the instance then joins holding
 *     nothing, gets copies to warm up, and runs at once. Kafka Streams moves tasks back once they are warm.</li>
 * </ul>
 * The transactional ids and member names are the ones Kafka Streams gives the clients it asks for
 * ({@link KafkaClientSupplier}), so they are not derived here from its naming.
 */
final class CrashRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);
    private static final Duration CLEAR_TIMEOUT = Duration.ofSeconds(10);

    private CrashRecovery() {
    }

    /** A Kafka Streams client, not started, with whatever a crash of the previous process left cleared. */
    static KafkaStreams create(Topology topology, Properties config, LocalState localState) {
        boolean crashed = localState.discardIfLeftOpen();
        RecordingClients clients = new RecordingClients();
        KafkaStreams streams = new KafkaStreams(topology, config, clients);
        if (crashed) {
            String application = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            // Aborting only once the group's coordinator has answered: an abort reaching the group's offsets
            // partition while a broker that has just started (the embedded one, after the crash of the
            // process) still loads it left the group's offsets unstable, and the application waiting for
            // them, until the broker's next restart (seen once in six crashes on Kafka 4.3.1).
            if (clients.leaveGroup(application)) {
                clients.abortOpenTransactions(application);
            }
        }
        return streams;
    }

    /** Creates the clients as Kafka Streams' default supplier does, noting how it configured them. */
    static final class RecordingClients implements KafkaClientSupplier {

        private final List<Map<String, Object>> transactionalProducers = new CopyOnWriteArrayList<>();
        private final List<String> staticMembers = new CopyOnWriteArrayList<>();
        private volatile Map<String, Object> adminConfig = Map.of();

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            adminConfig = Map.copyOf(config);
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            if (config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG) != null) {
                transactionalProducers.add(Map.copyOf(config));
            }
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

        /** Not clearing is no worse than before: what is left then times out. */
        void abortOpenTransactions(String application) {
            for (Map<String, Object> streamsConfig : transactionalProducers) {
                Map<String, Object> config = new HashMap<>(streamsConfig);
                Object transactionalId = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
                config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId + "-after-crash");
                config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLEAR_TIMEOUT.toMillis());
                try (Producer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
                    producer.initTransactions();
                    LOG.info("{}: aborted what transaction {} left open", application, transactionalId);
                } catch (KafkaException e) {
                    LOG.warn("{}: cannot abort what transaction {} left open; it times out instead: {}", application,
                            transactionalId, e.toString());
                }
            }
        }

        /** @return whether the group's coordinator answered */
        boolean leaveGroup(String group) {
            if (staticMembers.isEmpty()) {
                return false;
            }
            try (Admin admin = Admin.create(adminConfig)) {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                                staticMembers.stream().map(MemberToRemove::new).toList()))
                        .all().get(CLEAR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("{}: the crashed process's members {} left the group", group, staticMembers);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownMemberIdException || e.getCause() instanceof GroupIdNotFoundException) {
                    LOG.info("{}: the crashed process's members {} had left the group already", group, staticMembers);
                    return true;
                }
                LOG.warn("{}: cannot remove the crashed process's members {} from the group: {}", group,
                        staticMembers, e.getCause().toString());
            } catch (TimeoutException e) {
                LOG.warn("{}: removing the crashed process's members {} from the group timed out", group, staticMembers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
