package dev.loyalty.app.runtime;

import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramVersion;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.writer.ProgramTopic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and appends the program versions of loyalty.program, as the operator's principal. */
public final class ProgramVersionsTopic {

    private static final long TIMEOUT_SECONDS = 30;

    private final KafkaConnection connection;
    private final String topic;

    public ProgramVersionsTopic(KafkaConnection connection, Topics topics) {
        this.connection = connection;
        this.topic = topics.program();
    }

    public ProgramTopic.Contents read() {
        Properties config = new Properties();
        config.putAll(connection.clientConfig());
        return ProgramTopic.read(config, topic);
    }

    /**
     * What {@code run} starts with: the versions on the topic, after seeding {@code program} as version 1
     * of a fresh system. A program file that is none of the versions already published is refused: the
     * topic, not a file, holds the rules of a running system.
     *
     * @param fromFile whether {@code program} was given (a file), rather than the built-in program
     */
    public ProgramVersions seedOrCheck(Program program, boolean fromFile, Instant now) {
        ProgramVersions versions = read().versions();
        if (versions.isEmpty()) {
            ProgramVersion first = new ProgramVersion(1, now, program);
            publish(first);
            return ProgramVersions.of(List.of(first));
        }
        if (fromFile && !versions.holds(program)) {
            throw new IllegalStateException("the --program file differs from every version on " + topic
                    + " (latest: " + versions.latest().number() + "); publish it with ./loyalty program publish FILE,"
                    + " or start without --program");
        }
        return versions;
    }

    public void publish(ProgramVersion version) {
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, version.key(), version.toJson()))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish program version " + version.number() + " to " + topic
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not take program version " + version.number() + " within "
                    + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing program version " + version.number(), e);
        }
    }
}
