package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.LoyaltyCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoyaltyCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @ValueSource(strings = {"run", "publish", "simulate", "verify"})
    void everyVerbExplainsItself(String verb) {
        assertThat(run(verb, "--help")).isEqualTo(0);
        assertThat(out.toString()).startsWith("Usage: loyalty " + verb);
    }

    @Test
    void listsTheVerbsAndItsVersion() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("run", "publish", "simulate", "verify");
        assertThat(run("--version")).isEqualTo(0);
        assertThat(out.toString()).contains("loyalty ");
    }

    @Test
    void aMalformedFlagExitsWithTwoAndAHint() {
        assertThat(run("run", "--http-port", "eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port").contains("Try 'loyalty run --help'.")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badConfigurationExitsWithTwoAndOneClearMessage() throws IOException {
        Path config = dir.resolve("loyalty.properties");
        Files.writeString(config, "partitions=0\n");

        assertThat(run("run", "--config", config.toString())).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo(
                "loyalty: bad configuration: partitions in " + config + ": a whole number from 1 to 10000, got '0'");
    }

    @Test
    void servingHttpBeyondThisMachineWithoutTokensIsRefusedWithTwoAndOneLine() {
        assertThat(run("run", "--http-host", "0.0.0.0", "--data-dir", dir.resolve("data").toString())).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo("loyalty: bad configuration: refusing to serve HTTP on 0.0.0.0 "
                + "without access tokens: give --http-tokens FILE (make one with ./loyalty token new), or "
                + "--http-allow-anonymous");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"verify", "simulate --rate 10", "publish events.jsonl"})
    void everyVerbThatTalksToKafkaReadsTheConfigFileAndRefusesABadValueWithTwoAndOneLine(String verb) throws IOException {
        Path config = dir.resolve("loyalty.properties");
        Files.writeString(config, "bootstrap.servers=kafka-without-port\n");
        List<String> args = new ArrayList<>(List.of(verb.split(" ")));
        args.addAll(List.of("--config", config.toString()));

        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString().strip()).isEqualTo("loyalty: bad configuration: bootstrap.servers in " + config
                + ": a comma-separated list of host:port, got 'kafka-without-port'");
    }

    @Test
    void aMissingConfigFileOrProgramIsBadConfiguration() {
        assertThat(run("run", "--config", dir.resolve("absent.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
        assertThat(run("run", "--program", dir.resolve("absent.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read the file");
    }

    private int run(String... args) {
        return LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
