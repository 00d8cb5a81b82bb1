package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.LoyaltyCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoyaltyCliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest
    @ValueSource(strings = {"run", "broker", "publish", "simulate", "verify", "replay", "bench", "token"})
    void everyVerbExplainsItselfAndAnswersItsVersion(String verb) {
        assertThat(run(verb, "--help")).isEqualTo(0);
        assertThat(out.toString()).startsWith("Usage: loyalty " + verb);
        out.getBuffer().setLength(0);
        assertThat(run(verb, "--version")).isEqualTo(0);
        assertThat(out.toString()).startsWith("loyalty ");
    }

    @Test
    void theVerbListGivesEachVerbAWholeSentence() {
        List<CommandLine> lists = new ArrayList<>(List.of(new CommandLine(new LoyaltyCli())));
        lists.addAll(verbs(lists.get(0)));
        for (CommandLine list : lists) {
            String help = list.getUsageMessage().replaceAll("\\s+", " ");
            for (CommandLine verb : verbs(list)) {
                if (verb.getParent() != list) {
                    continue;
                }
                String summary = verb.getCommandSpec().usageMessage().description()[0];
                assertThat(summary).as(verb.getCommandName()).endsWith(".");
                assertThat(help).contains(summary);
            }
        }
    }

    /**
     * picocli wraps lines where Java's line breaker allows, which is also after a '.', ':' or '-' inside a
     * word: a URL, a file name, a setting or a flag would come out in two pieces.
     */
    @Test
    void theHelpOfEveryVerbKeepsUrlsFilesSettingsAndFlagsWholeAndNamesEachValue() {
        SoftAssertions softly = new SoftAssertions();
        for (CommandLine verb : verbs(new CommandLine(new LoyaltyCli()))) {
            String help = verb.getUsageMessage();
            List<String> texts = new ArrayList<>(List.of(verb.getCommandSpec().usageMessage().description()));
            texts.addAll(List.of(verb.getCommandSpec().usageMessage().footer()));
            for (OptionSpec option : verb.getCommandSpec().options()) {
                texts.addAll(List.of(option.description()));
                softly.assertThat(option.arity().max() == 0 ? "" : option.paramLabel()).as(verb.getCommandName() + " " + option.longestName())
                        .doesNotStartWith("<");
            }
            for (String text : texts) {
                Matcher word = WORD_WITH_INNER_PUNCTUATION.matcher(text);
                while (word.find()) {
                    softly.assertThat(help).as(verb.getCommandName()).contains(word.group());
                }
            }
        }
        softly.assertAll();
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

    @Test
    void aKafkaPortInUseIsSaidInOneLineNamingTheFlag() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();

            assertThat(run("run", "--kafka-port", String.valueOf(port), "--http-port", "0",
                    "--data-dir", dir.resolve("data").toString())).isEqualTo(2);

            assertThat(err.toString().strip()).isEqualTo("loyalty: bad configuration: the Kafka port " + port
                    + " is already in use: stop what listens there, or give the embedded broker another port with"
                    + " --kafka-port (or LOYALTY_KAFKA_PORT)");
        }
    }

    private static final Pattern WORD_WITH_INNER_PUNCTUATION = Pattern.compile("[\\w<>-]+(?:[./:-]+[\\w<>*-]+)+");

    private static List<CommandLine> verbs(CommandLine cli) {
        List<CommandLine> verbs = new ArrayList<>();
        for (CommandLine verb : cli.getSubcommands().values()) {
            if (!verb.getCommandName().equals("help")) {
                verbs.add(verb);
                verbs.addAll(verbs(verb));
            }
        }
        return verbs;
    }

    private int run(String... args) {
        return LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
