package dev.loyalty.app.verify;

import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.cli.ClusterOptions;
import dev.loyalty.app.cli.KafkaProbe;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.config.Setting;
import dev.loyalty.app.config.SettingValue;
import dev.loyalty.core.ledger.LedgerSeal;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./loyalty verify}: fold the ledger, check its invariants, compare with the views. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Checks the whole ledger as it stands now, and the projections' views against it.",
            "",
            "Folds every entry with the domain code and checks every invariant: gapless seq, the balanceAfter "
                + "chain, lots and debt that add up, no negative balance but by clawback, one partition per "
                + "customer, no event applied twice, every entry's hash chained and, with a ledger key, its mac "
                + "([tampered] otherwise). Then compares each customer's balance and tier with the view the "
                + "query API serves. Prints each discrepancy with customer and seq, then a summary line.",
            ""},
        footer = {"", "Exit codes: 0 everything holds, 1 something does not, 2 bad options or configuration, or Kafka "
                + "or the query API could not be reached."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--program", paramLabel = "FILE",
            description = "Program rules file of a ledger written before loyalty.program held versions (default: the "
                    + "built-in program); verify follows the versions on loyalty.program once there are some.")
    Path program;

    @Option(names = "--views-url", paramLabel = "URL",
            description = "Query API to compare the views with (default: where run listens with the same settings, "
                    + "such as LOYALTY_HTTP_PORT; else http://localhost:8080).")
    URI viewsUrl;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Access token with role read for --views-url, when the system asks for tokens "
                    + "(default: LOYALTY_HTTP_TOKEN, or http.token in the --config file).")
    String httpToken;

    @Option(names = "--ledger-key-file", paramLabel = "FILE",
            description = "Ledger keys the writer signed with, keyId=base64key lines (default: the file in "
                    + "LOYALTY_LEDGER_KEY_FILE or ledger.key.file): every entry's mac is checked. Without: hashes only.")
    Path ledgerKeyFile;

    @Option(names = "--skip-views", description = "Check the ledger alone, without comparing the projections' views.")
    boolean skipViews;

    @Override
    public Integer call() {
        ConfigSources sources = cluster.sources();
        PrintWriter err = spec.commandLine().getErr();
        KafkaConnection connection = cluster.connection(sources, KafkaRole.OPERATOR);
        LedgerSeal seal = new LedgerSeal(sources.ledgerKeys(ledgerKeyFile));
        ViewClient views = skipViews ? null : new ViewClient(sources.httpUrl(viewsUrl),
                sources.lookup(Setting.HTTP_TOKEN, httpToken).map(SettingValue::raw));
        Optional<String> kafkaProblem = KafkaProbe.problem(connection);
        if (kafkaProblem.isPresent()) {
            err.println("verify: " + kafkaProblem.get());
            return LoyaltyCli.UNREACHABLE;
        }
        Properties config = new Properties();
        config.putAll(connection.clientConfig());
        LedgerVerifier verifier = new LedgerVerifier(config, cluster.topics(sources), sources.program(program),
                seal, views);
        LedgerVerifier.Report report;
        try {
            // Before the ledger, which may take minutes to read: an unreachable query API stops verify at once.
            if (views != null) {
                views.probe();
            }
            if (!seal.keyed()) {
                err.println("verify: no ledger key given: hash chains are checked, macs are not");
            }
            report = verifier.verify(Progress.onStderr("verify"));
        } catch (ViewClient.Unavailable e) {
            err.println("verify: " + e.getMessage());
            return LoyaltyCli.UNREACHABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        report.discrepancies().forEach(out::println);
        out.println(report.summary());
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
