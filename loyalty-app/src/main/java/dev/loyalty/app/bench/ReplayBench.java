package dev.loyalty.app.bench;

import dev.loyalty.app.runtime.CatchUpSettings;
import dev.loyalty.app.runtime.GlobalProcessingHandler;
import dev.loyalty.app.runtime.StreamsSettings;
import dev.loyalty.app.simulate.SimulatedEvent;
import dev.loyalty.app.simulate.TrafficModel;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.ledger.SealedEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.projections.ProjectionsTopology;
import dev.loyalty.projections.ProjectionOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The projections rebuilt from a ledger that is already there: a ledger written by the domain code
 * from the traffic model, then a fresh projections application reading it from the start.
 */
final class ReplayBench {

    /** Entries per second, the customers in the ledger, and the projections' state on disk. */
    record Result(long entries, int customers, double entriesPerSec, long stateBytes) {
    }

    private final Properties clientConfig;
    private final Program program;
    private final Topics topics;
    private final String applicationId;

    /** @param name of this replay's topics and application, so several replays on one broker stay apart */
    ReplayBench(Properties clientConfig, Program program, String name) {
        this.clientConfig = clientConfig;
        this.program = program;
        this.topics = new Topics(name + ".");
        this.applicationId = name + "-projections";
    }

    /** Writes at least {@code entries} ledger entries for a population of {@code customers}. */
    int writeLedger(long seed, int customers, long entries) {
        Decider decider = new Decider(program);
        EventCodec codec = new EventCodec(program);
        TrafficModel model = TrafficModel.accelerated(seed, customers, Instant.now().minusSeconds(400L * 86400), program);
        Map<String, Account> accounts = new HashMap<>();
        long written = 0;
        try (KafkaProducer<byte[], byte[]> producer = new TopicLoader(clientConfig).producer()) {
            while (written < entries) {
                SimulatedEvent e = model.next();
                if (!(codec.parse(e.key(), e.value()) instanceof ParseResult.Valid valid)) {
                    continue;
                }
                Account account = accounts.computeIfAbsent(valid.event().customerId(), id -> decider.newAccount(id, valid.event().occurredAt()));
                Instant at = valid.event().occurredAt();
                Decision d = decider.decide(account, valid.event(), at, at);
                accounts.put(account.customerId(), d.after());
                for (SealedEntry sealed : d.appended()) {
                    producer.send(new ProducerRecord<>(topics.ledger(),
                            sealed.entry().customerId().getBytes(StandardCharsets.UTF_8), sealed.json()));
                    written++;
                }
            }
            producer.flush();
        }
        return accounts.size();
    }

    Result rebuild(long entries, int customers, Path stateDir) throws Exception {
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.putAll(ProjectionsTopology.requiredStreamsConfig());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        GlobalProcessingHandler.enable(config);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // As a replay in the system rebuilds: the live settings, with those for catching up over them.
        config.putAll(StreamsSettings.throughput());
        config.putAll(CatchUpSettings.overrides(config));
        KafkaStreams streams = new KafkaStreams(ProjectionsTopology.build(
                ProjectionOptions.defaults(program).withTopics(topics)), config);
        long start = System.nanoTime();
        streams.start();
        double rate;
        try (Admin admin = Admin.create(clientConfig)) {
            new GroupLag(admin).awaitCaughtUp(applicationId, List.of(topics.ledger()), 1_800_000);
            rate = entries / ((System.nanoTime() - start) / 1e9);
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        }
        // Measured after closing, which flushes RocksDB's memtables: the files then hold the whole state.
        return new Result(entries, customers, rate, DiskUsage.of(stateDir));
    }

    Topics topics() {
        return topics;
    }
}
