package dev.loyalty.writer;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerSeal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * Rebuilds the writer's state from loyalty.ledger alone, for when its local state and changelog
 * topics are lost: folds every customer's entries with the same {@link Account#apply} the writer
 * uses and writes the accounts, the due index and the business clocks into the changelog topics, so
 * the writer restores them on start and goes on with the right seq, balances, lots, tiers and
 * memory of applied events. Run it with every writer instance stopped.
 *
 * <p>A tampered ledger is refused: every entry must pass its seal ({@link LedgerSeal#breach}) with the
 * writer's key, or nothing is written.
 *
 * <p>What the ledger cannot give back: the memory of rejected events (a re-delivered rejected
 * redemption is judged again) and the latest {@code occurredAt} of events that wrote no entry.
 */
public final class WriterStateRebuild {

    /** What was rebuilt. */
    public record Result(long entries, int customers, int partitions) {
    }

    private final Properties clientConfig;
    private final String applicationId;
    private final WriterOptions options;

    /** @param clientConfig bootstrap servers and any security settings, shared by every client */
    public WriterStateRebuild(Properties clientConfig, String applicationId, WriterOptions options) {
        this.clientConfig = clientConfig;
        this.applicationId = applicationId;
        this.options = options;
    }

    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * @param progress told the number of ledger entries read so far, now and then
     * @throws IllegalStateException when a changelog topic still holds data: the state is not lost
     */
    public Result run(Instant wallClock, LongConsumer progress) throws InterruptedException, ExecutionException {
        ProgramVersions published = ProgramTopic.read(clientConfig, options.topics().program()).versions();
        Decider decider = new Decider(published.orSeed(options.program()), options.seal());
        try (Admin admin = Admin.create(clientConfig)) {
            int partitions = admin.describeTopics(List.of(options.topics().events())).allTopicNames().get()
                    .get(options.topics().events()).partitions().size();
            ensureEmptyChangelogs(admin, partitions);

            Map<String, Account> accounts = new HashMap<>();
            long[] latestPerPartition = new long[partitions];
            java.util.Arrays.fill(latestPerPartition, Long.MIN_VALUE);
            long entries = foldLedger(decider, accounts, latestPerPartition, progress);

            long latest = Long.MIN_VALUE;
            for (long t : latestPerPartition) {
                latest = Math.max(latest, t);
            }
            Instant now = Instant.ofEpochMilli(Math.max(wallClock.toEpochMilli(), latest));
            writeChangelogs(decider, accounts, latestPerPartition, partitions, now);
            return new Result(entries, accounts.size(), partitions);
        }
    }

    private void ensureEmptyChangelogs(Admin admin, int partitions) throws InterruptedException, ExecutionException {
        List<String> names = changelogs();
        Map<String, TopicDescription> existing = new HashMap<>();
        for (String name : admin.listTopics().names().get()) {
            if (names.contains(name)) {
                existing.putAll(admin.describeTopics(List.of(name)).allTopicNames().get());
            }
        }
        for (TopicDescription d : existing.values()) {
            if (hasRecords(d)) {
                throw new IllegalStateException("changelog topic " + d.name() + " still holds state; stop the writer and"
                        + " delete its changelog topics only if the state is really lost");
            }
        }
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (!existing.containsKey(name)) {
                missing.add(new NewTopic(name, java.util.Optional.of(partitions), java.util.Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }
    }

    private boolean hasRecords(TopicDescription d) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> parts = d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            return parts.stream().anyMatch(tp -> end.get(tp) > begin.get(tp));
        }
    }

    private List<String> changelogs() {
        return List.of(changelogTopic(applicationId, AccountStore.ACCOUNTS),
                changelogTopic(applicationId, AccountStore.DUE_INDEX),
                changelogTopic(applicationId, ClockStore.STORE));
    }

    private long foldLedger(Decider decider, Map<String, Account> accounts, long[] latestPerPartition,
                            LongConsumer progress) {
        return new LedgerReader(clientConfig, options.topics().ledger()).readAll((record, partition) -> {
            LedgerEntry e = record.entry();
            Account account = accounts.computeIfAbsent(e.customerId(), id -> decider.newAccount(id, e.occurredAt()));
            options.seal().breach(account, record).ifPresent(breach -> {
                throw new IllegalStateException("refusing to rebuild from a tampered ledger: customer " + e.customerId()
                        + " seq " + e.seq() + " (partition " + partition + ") " + breach
                        + "; ./loyalty verify lists every such entry");
            });
            account.apply(e);
            int task = taskPartition(e.customerId(), latestPerPartition.length);
            latestPerPartition[task] = Math.max(latestPerPartition[task], e.occurredAt().toEpochMilli());
        }, (partition, offset, problem) -> {
            throw new IllegalStateException("cannot rebuild from ledger partition " + partition + " offset " + offset
                    + ": " + problem);
        }, progress::accept);
    }

    private void writeChangelogs(Decider decider, Map<String, Account> accounts, long[] latestPerPartition,
                                 int partitions, Instant now) throws InterruptedException, ExecutionException {
        String accountsTopic = changelogTopic(applicationId, AccountStore.ACCOUNTS);
        String dueTopic = changelogTopic(applicationId, AccountStore.DUE_INDEX);
        String clockTopic = changelogTopic(applicationId, ClockStore.STORE);
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Account account : accounts.values()) {
                int partition = taskPartition(account.customerId(), partitions);
                Instant due = decider.nextDue(account, now);
                byte[] key = Serdes.String().serializer().serialize(accountsTopic, account.customerId());
                producer.send(new ProducerRecord<>(accountsTopic, partition, key, AccountStore.encode(account, due)));
                if (due != null) {
                    producer.send(new ProducerRecord<>(dueTopic, partition,
                            AccountStore.indexKey(due, account.customerId()).get(), new byte[0]));
                }
            }
            LongSerializer longs = new LongSerializer();
            byte[] clockKey = Serdes.String().serializer().serialize(clockTopic, ClockStore.KEY);
            for (int p = 0; p < partitions; p++) {
                if (latestPerPartition[p] != Long.MIN_VALUE) {
                    producer.send(new ProducerRecord<>(clockTopic, p, clockKey,
                            longs.serialize(clockTopic, latestPerPartition[p])));
                }
            }
            producer.flush();
        }
    }

    /** The writer task that owns a customer: where the re-keying hop's default partitioner sends them. */
    static int taskPartition(String customerId, int partitions) {
        byte[] key = Serdes.String().serializer().serialize(null, customerId);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

}
