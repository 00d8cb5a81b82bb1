package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.KafkaTestCluster;
import dev.loyalty.app.config.RunSettings;
import dev.loyalty.app.runtime.LoyaltySystem;
import dev.loyalty.core.event.InputLimits;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.http.HttpAccess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simulate --days} against a system in real time says plainly why it cannot work there. */
class SimulateAgainstRealTimeTest {

    @TempDir
    Path dataDir;

    @Test
    @Timeout(180)
    void stopsAndNamesSimulatedTimeWhenTheSystemRefusesFutureDatedEvents() throws Exception {
        try (KafkaTestCluster cluster = KafkaTestCluster.start()) {
            Topics topics = new Topics("realtime.");
            RunSettings settings = new RunSettings(Optional.of(cluster.bootstrapServers()),
                    RunSettings.DEFAULT_KAFKA_PORT, dataDir, 0, 3, Optional.empty(), topics, Program.defaults(),
                    "loyalty-realtime", Optional.empty(), true, Map.of(), InputLimits.defaults(),
                    HttpAccess.loopback(), LedgerKeys.NONE);
            try (LoyaltySystem system = LoyaltySystem.start(settings)) {
                system.ready().get(60, TimeUnit.SECONDS);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                CommandLine simulate = new CommandLine(new SimulateCommand());
                simulate.setOut(new PrintWriter(out, true));
                simulate.setErr(new PrintWriter(err, true));

                int exitCode = simulate.execute("--days", "60", "--customers", "50", "--rate", "2000",
                        "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", "realtime.");

                assertThat(exitCode).isEqualTo(1);
                assertThat(err.toString()).contains("FUTURE_OCCURRED_AT", "./loyalty run --simulated-time");
                assertThat(out.toString()).as("no clock ticks for a system that refuses them").doesNotContain("clock tick");
            }
        }
    }
}
