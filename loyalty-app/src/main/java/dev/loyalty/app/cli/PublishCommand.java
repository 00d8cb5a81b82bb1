package dev.loyalty.app.cli;

import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.core.topic.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./loyalty publish FILE}: send events from a JSON-lines file to the events topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sends each line of a JSON-lines file (or of standard input) to the events topic, keyed by its customerId.",
            "",
            "A line that is not a JSON object is refused and reported with its line number; blank lines "
                + "are skipped. Every other line is sent as it is: the ledger writer rejects bad events to the "
                + "rejections topic with a reason.",
            ""},
        footer = {"", "Exit codes: 0 every line sent, 1 some line refused or not delivered, 2 bad configuration, a "
                + "file that cannot be read, or Kafka could not be reached."})
public final class PublishCommand implements Callable<Integer> {

    private static final String STANDARD_INPUT = "-";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "JSON lines, one event per line; - reads standard input.")
    Path file;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws IOException {
        ConfigSources sources = cluster.sources();
        KafkaConnection connection = cluster.connection(sources, KafkaRole.PUBLISHER);
        Topics topics = cluster.topics(sources);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BufferedReader lines;
        try {
            lines = file.toString().equals(STANDARD_INPUT)
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("loyalty publish: no such file " + file);
            return LoyaltyCli.BAD_CONFIGURATION;
        } catch (IOException e) {
            err.println("loyalty publish: cannot read " + file + ": " + e);
            return LoyaltyCli.BAD_CONFIGURATION;
        }
        Optional<String> unreachable = KafkaProbe.problem(connection);
        if (unreachable.isPresent()) {
            lines.close();
            err.println("loyalty publish: " + unreachable.get());
            return LoyaltyCli.UNREACHABLE;
        }
        EventFilePublisher.Outcome outcome;
        try (lines; KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(connection),
                new StringSerializer(), new ByteArraySerializer())) {
            outcome = new EventFilePublisher(producer, topics.events(), err).publish(lines);
        }
        out.printf("sent %d, refused %d%s to %s at %s%n", outcome.sent(), outcome.refused(),
                outcome.failed() > 0 ? ", not delivered " + outcome.failed() : "", topics.events(),
                connection.bootstrapServers());
        if (outcome.failed() > 0) {
            err.println("delivery failed: " + outcome.firstFailure());
        }
        if (outcome.stoppedAtLine() > 0) {
            err.println("stopped after line " + outcome.stoppedAtLine() + ": the lines after it were not sent");
        }
        return outcome.refused() == 0 && outcome.failed() == 0 ? 0 : 1;
    }

    private static Map<String, Object> producerConfig(KafkaConnection connection) {
        Map<String, Object> config = connection.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        // A wrong address should fail in seconds, not after the two-minute default.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        return config;
    }
}
