package dev.loyalty.app.cli;

import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.app.runtime.ProgramVersionsTopic;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramException;
import dev.loyalty.core.program.ProgramLoader;
import dev.loyalty.core.program.ProgramVersion;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.writer.ProgramTopic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./loyalty program publish|list|show}: the program versions on loyalty.program (SPEC section 8). */
@Command(name = "program", mixinStandardHelpOptions = true,
        description = {
            "Publishes, lists and shows the program versions the running system judges by.",
            "",
            "Each version is immutable and numbered; an event is judged by the version in force at its "
                + "occurredAt, a time-driven entry by the version in force at its due time (docs/rules.md)."},
        subcommands = {ProgramCommand.Publish.class, ProgramCommand.ListVersions.class, ProgramCommand.Show.class})
public final class ProgramCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "publish, list or show is required");
    }

    /** Connects as the operator and says so in one line when Kafka cannot be reached. */
    private static Optional<ProgramVersionsTopic> topic(ClusterOptions cluster, PrintWriter err, String verb) {
        ConfigSources sources = cluster.sources();
        KafkaConnection connection = cluster.connection(sources, KafkaRole.OPERATOR);
        Optional<String> problem = KafkaProbe.problem(connection);
        if (problem.isPresent()) {
            err.println("program " + verb + ": " + problem.get());
            return Optional.empty();
        }
        return Optional.of(new ProgramVersionsTopic(connection, cluster.topics(sources)));
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Validates a program file and publishes it as the next version; prints its number.",
                "",
                "The file is read by the same loader the writer uses. A version must apply to every existing "
                    + "account: it keeps the currency, and every tier and reward of the version before it. It "
                    + "takes effect at --effective-from, never in the past and after the latest version's."},
            footer = {"", "Exit codes: 0 published, 2 the file is invalid or refused (every reason listed), bad "
                    + "options, or Kafka could not be reached."})
    static final class Publish implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "FILE", description = "Program rules as JSON (docs/rules.md).")
        Path file;

        @Option(names = "--effective-from", paramLabel = "INSTANT",
                description = "When the version takes effect, ISO-8601 such as 2026-11-28T00:00:00Z (default: now).")
        Instant effectiveFrom;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Program program;
            try {
                program = ProgramLoader.load(file);
            } catch (ProgramException e) {
                err.println("program publish: " + e.getMessage());
                return LoyaltyCli.BAD_CONFIGURATION;
            }
            Optional<ProgramVersionsTopic> topic = topic(cluster, err, "publish");
            if (topic.isEmpty()) {
                return LoyaltyCli.UNREACHABLE;
            }
            ProgramVersions versions = topic.get().read().versions();
            Instant now = Instant.now();
            Instant from = effectiveFrom != null ? effectiveFrom : now;
            List<String> refusals = versions.refusals(program, from, now);
            if (!refusals.isEmpty()) {
                err.println("program publish: refused " + file + ":\n  - " + String.join("\n  - ", refusals));
                return LoyaltyCli.BAD_CONFIGURATION;
            }
            ProgramVersion next = new ProgramVersion(versions.nextNumber(), from, program);
            topic.get().publish(next);
            spec.commandLine().getOut().println("published program version " + next.number() + " ("
                    + program.version() + "), effective from " + from);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the versions with their effective times; the one in force now is marked.",
            footer = {"", "Exit codes: 0 listed, 2 bad options or Kafka could not be reached."})
    static final class ListVersions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<ProgramVersionsTopic> topic = topic(cluster, err, "list");
            if (topic.isEmpty()) {
                return LoyaltyCli.UNREACHABLE;
            }
            ProgramTopic.Contents contents = topic.get().read();
            contents.ignored().forEach(why -> err.println("program list: ignored record, " + why));
            ProgramVersions versions = contents.versions();
            PrintWriter out = spec.commandLine().getOut();
            if (versions.isEmpty()) {
                out.println("no program version yet: run seeds version 1 on its first start");
                return 0;
            }
            int inForce = versions.inForceAt(Instant.now()).number();
            for (ProgramVersion v : versions.all()) {
                out.printf("%d\t%s\t%s%s%n", v.number(), v.effectiveFrom(), v.program().version(),
                        v.number() == inForce ? "\t(in force)" : "");
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints one version as JSON: number, effectiveFrom and the whole program.",
            footer = {"", "Exit codes: 0 shown, 1 no such version, 2 bad options or Kafka could not be reached."})
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "VERSION", arity = "0..1", description = "Version number (default: the latest).")
        Integer number;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Optional<ProgramVersionsTopic> topic = topic(cluster, err, "show");
            if (topic.isEmpty()) {
                return LoyaltyCli.UNREACHABLE;
            }
            ProgramVersions versions = topic.get().read().versions();
            Optional<ProgramVersion> version = versions.isEmpty() ? Optional.empty()
                    : number == null ? Optional.of(versions.latest()) : versions.number(number);
            if (version.isEmpty()) {
                err.println("program show: no program version " + (number == null ? "yet" : number));
                return 1;
            }
            spec.commandLine().getOut().println(Json.writeString(version.get()));
            return 0;
        }
    }
}
