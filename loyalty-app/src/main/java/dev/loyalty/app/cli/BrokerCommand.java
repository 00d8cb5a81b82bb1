package dev.loyalty.app.cli;

import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.BadConfigurationException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./loyalty broker}: the embedded single-node broker alone, for systems started with
 * {@code run --bootstrap-servers}: the broker can then be stopped and started apart from them.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs only the Kafka broker that run embeds (one KRaft node), for systems that join it as their"
                + " cluster, so the broker can stop and start on its own. Stops on Ctrl-C or SIGTERM.",
        footer = {"", "Exit codes: 2 bad options (the port in use); stopped by Ctrl-C or SIGTERM: 130 or 143."})
public final class BrokerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Port clients connect to (default 9092).")
    int kafkaPort = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the broker keeps its log, in its kafka subdirectory; a restart on it keeps every"
                    + " record (default: data-broker).")
    Path dataDir = Path.of("data-broker");

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort);
        } catch (EmbeddedKafkaBroker.PortInUseException e) {
            throw new BadConfigurationException("the Kafka port " + e.port() + " is already in use");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        LOG.info("ready: Kafka broker at {}, log in {}", broker.bootstrapServers(), dataDir.resolve("kafka").toAbsolutePath());
        stopped.await();
        return 0;
    }
}
