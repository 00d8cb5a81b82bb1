package dev.loyalty.app.verify;

import dev.loyalty.app.cli.ClusterOptions;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.Setting;
import dev.loyalty.app.config.SettingValue;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.app.config.KafkaRole;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./loyalty verify}: fold the ledger, check its invariants, compare with the views. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read the whole ledger as it stands now, fold it with the domain code, check every invariant",
                "(gapless seq, balanceAfter chain, lots and debt add up, no negative balance but by clawback,",
                "one partition per customer, no event applied twice, every entry's hash chained and, with a",
                "ledger key, its mac checked: [tampered] otherwise) and compare with the projections' views.",
                "Prints each discrepancy with customer and seq, then a summary line.",
                "Exit code 0 when everything holds, 1 when something does not, 2 for bad options or configuration."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--program", description = "Program rules file the ledger was written with (default: the built-in program).")
    Path program;

    @Option(names = "--views-url", defaultValue = "http://localhost:8080", description = "Query API to compare views with (default: ${DEFAULT-VALUE}).")
    URI viewsUrl;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Access token with role read for --views-url, when the system asks for tokens "
                    + "(default: LOYALTY_HTTP_TOKEN, or http.token in the --config file).")
    String httpToken;

    @Option(names = "--ledger-key-file", paramLabel = "FILE",
            description = {"Ledger keys the writer signed with (keyId=base64key lines; LOYALTY_LEDGER_KEY_FILE or",
                    "ledger.key.file when not given): every entry's mac is checked. Without: hashes only."})
    Path ledgerKeyFile;

    @Option(names = "--skip-views", description = "Check the ledger alone, without comparing the projections' views.")
    boolean skipViews;

    @Override
    public Integer call() {
        ConfigSources sources = cluster.sources();
        Properties config = new Properties();
        config.putAll(cluster.connection(sources, KafkaRole.OPERATOR).clientConfig());
        LedgerSeal seal = new LedgerSeal(sources.ledgerKeys(ledgerKeyFile));
        if (!seal.keyed()) {
            spec.commandLine().getErr().println("verify: no ledger key given: hash chains are checked, macs are not");
        }
        LedgerVerifier verifier = new LedgerVerifier(config, cluster.topics(sources).ledger(), sources.program(program),
                seal, skipViews ? null : new ViewClient(viewsUrl,
                        sources.lookup(Setting.HTTP_TOKEN, httpToken).map(SettingValue::raw)));
        LedgerVerifier.Report report = verifier.verify(Progress.onStderr("verify"));
        PrintWriter out = spec.commandLine().getOut();
        report.discrepancies().forEach(out::println);
        out.println(report.summary());
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
