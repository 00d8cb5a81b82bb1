package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--customers 10                  | choose a mode",
        "--days 0                        | --days must be at least 1",
        "--rate -5                       | --rate must be a positive number",
        "--rate 10 --events 0            | --events must be at least 1",
        "--rate 10 --duration 0s         | --duration must be positive",
        "--rate 10 --start 2026-01-01    | --start only applies with --days",
        "--days 10 --customers 0         | --customers must be at least 1",
        "--rate 10 --duration soon       | not a duration",
        "--days 10 --start yesterday     | not a date"})
    void invalidOptionsAreExplainedWithExitCode2(String args, String message) {
        int exitCode = command(new SimulateCommand()).execute(args.trim().split("\\s+"));

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void runsAYearWithFlagsOverTheConfigFileAndTheSecuritySettingsOfTheFile() throws IOException {
        MockProducer<String, byte[]> producer = SimulatorTest.mockProducer("acme.events", 3);
        AtomicReference<Properties> clientConfig = new AtomicReference<>();
        AtomicReference<String> topic = new AtomicReference<>();
        Path settingsFile = dir.resolve("loyalty.properties");
        Files.writeString(settingsFile, "bootstrap.servers=file:9092\nsecurity.protocol=SASL_SSL\ntopic.prefix=file.\n");
        SimulateCommand simulate = new SimulateCommand();
        simulate.useSimulators((config, name) -> {
            clientConfig.set(config);
            topic.set(name);
            return new Simulator(producer, name);
        }, Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC));

        int exitCode = command(simulate).execute("--days", "365", "--customers", "50", "--start", "2026-01-01",
                "--config", settingsFile.toString(), "--bootstrap-servers", "kafka:9092", "--topic-prefix", "acme.");

        assertThat(exitCode).isZero();
        assertThat(topic.get()).isEqualTo("acme.events");
        assertThat(clientConfig.get()).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(out.toString()).contains("50 customers", "simulated 2026-01-01T", ".. 2027-01-01T00:00:00Z")
                .containsPattern("clock tick +3\\n");
        assertThat(producer.history()).isNotEmpty();
        assertThat(new String(producer.history().get(producer.history().size() - 1).value()))
                .contains("\"occurredAt\":\"2027-01-01T00:00:00Z\"");
    }

    @Test
    void helpListsTheOptions() {
        int exitCode = command(new SimulateCommand()).execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("--days", "--rate", "--duration", "--events", "--seed", "--start",
                "--customers", "--bootstrap-servers", "--topic-prefix");
    }

    private CommandLine command(SimulateCommand simulate) {
        CommandLine commandLine = new CommandLine(simulate);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }
}
