package dev.loyalty.app;

import dev.loyalty.app.bench.BenchCommand;
import dev.loyalty.app.cli.BrokerCommand;
import dev.loyalty.app.cli.ProgramCommand;
import dev.loyalty.app.cli.PublishCommand;
import dev.loyalty.app.cli.ReplayCommand;
import dev.loyalty.app.cli.RunCommand;
import dev.loyalty.app.cli.TokenCommand;
import dev.loyalty.app.config.BadConfigurationException;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.simulate.SimulateCommand;
import dev.loyalty.app.verify.VerifyCommand;
import dev.loyalty.core.program.ProgramException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./loyalty <verb>}: the command line of SPEC section 7. */
@Command(name = "loyalty",
        description = "Event-sourced customer loyalty ledger on Apache Kafka.",
        mixinStandardHelpOptions = true,
        versionProvider = LoyaltyCli.Version.class,
        subcommands = {RunCommand.class, BrokerCommand.class, PublishCommand.class, SimulateCommand.class, VerifyCommand.class,
            ReplayCommand.class, ProgramCommand.class, BenchCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class LoyaltyCli implements Runnable {

    /** Exit code for configuration the system cannot run with, as for a wrong flag. */
    public static final int BAD_CONFIGURATION = CommandLine.ExitCode.USAGE;
    /** Exit code for a system (Kafka, the HTTP API) that could not be reached: as for configuration to fix. */
    public static final int UNREACHABLE = BAD_CONFIGURATION;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one verb and returns its exit code; the entry point for tests too. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        ConfigSources.variableWarnings(System.getenv()).forEach(warning -> err.println("loyalty: " + warning));
        CommandLine cli = new CommandLine(new LoyaltyCli());
        giveEveryVerbTheVersion(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("loyalty: " + e.getMessage());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help'.");
            return BAD_CONFIGURATION;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadConfigurationException || e instanceof ProgramException) {
                commandLine.getErr().println("loyalty: bad configuration: " + e.getMessage());
                return BAD_CONFIGURATION;
            }
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli.execute(args);
    }

    /** {@code --version} answers on every verb ({@code run --version}), not only on {@code loyalty} itself. */
    private static void giveEveryVerbTheVersion(CommandLine command) {
        command.getCommandSpec().versionProvider(new Version());
        command.getSubcommands().values().forEach(LoyaltyCli::giveEveryVerbTheVersion);
    }

    /** The version from the jar's manifest, written by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LoyaltyCli.class.getPackage().getImplementationVersion();
            return new String[] {"loyalty " + (version != null ? version : "(development build)")};
        }
    }
}
