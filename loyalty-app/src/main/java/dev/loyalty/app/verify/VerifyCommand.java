package dev.loyalty.app.verify;

import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.topic.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./loyalty verify}: fold the ledger, check its invariants, compare with the views. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read the whole ledger as it stands now, fold it with the domain code, check every invariant",
                "(gapless seq, balanceAfter chain, lots and debt add up, no negative balance but by clawback,",
                "one partition per customer, no event applied twice) and compare with the projections' views.",
                "Prints each discrepancy with customer and seq, then a summary line.",
                "Exit code 0 when everything holds, 1 when something does not, 2 for bad options."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", defaultValue = Topics.DEFAULT_PREFIX, description = "Topic prefix (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--program", description = "Program rules file the ledger was written with (default: the built-in program).")
    Path program;

    @Option(names = "--views-url", defaultValue = "http://localhost:8080", description = "Query API to compare views with (default: ${DEFAULT-VALUE}).")
    URI viewsUrl;

    @Option(names = "--skip-views", description = "Check the ledger alone, without comparing the projections' views.")
    boolean skipViews;

    private Properties clientConfig = new Properties();

    /** Extra Kafka client settings (security) from the launcher's configuration. */
    public void clientConfig(Properties extra) {
        this.clientConfig = extra;
    }

    @Override
    public Integer call() {
        Program rules = program == null ? Program.defaults() : ProgramLoader.load(program);
        Properties config = new Properties();
        config.putAll(clientConfig);
        config.put("bootstrap.servers", bootstrapServers);
        LedgerVerifier verifier = new LedgerVerifier(config, new Topics(topicPrefix).ledger(), rules,
                skipViews ? null : new ViewClient(viewsUrl));
        LedgerVerifier.Report report = verifier.verify(Progress.onStderr("verify"));
        report.discrepancies().forEach(System.out::println);
        System.out.println(report.summary());
        return report.ok() ? 0 : 1;
    }
}
