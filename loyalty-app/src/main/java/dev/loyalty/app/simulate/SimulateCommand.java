package dev.loyalty.app.simulate;

import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.cli.ClusterOptions;
import dev.loyalty.app.cli.KafkaProbe;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.Durations;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.config.KafkaRole;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./loyalty simulate}: realistic traffic into a running system (SPEC section 7). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
            "Publishes realistic, reproducible loyalty traffic to the events topic: customers with their own "
                + "purchase cadence and baskets, seasonal peaks, redemptions, returns, reviews, referrals, "
                + "birthdays, churners, and a little bad and duplicate input.",
            "Steady load:      --rate R [--duration D | --events N]",
            "Accelerated time: --days D [--start DATE] [--rate R] [--events N]",
            "Accelerated time needs a system started with ./loyalty run --simulated-time: a system in real time "
                + "refuses events dated ahead of its clock, and simulate then stops and says so."},
        footer = {"", "Exit codes: 0 every event sent; 1 some could not be sent, or the system refused future-dated "
                + "events; 2 bad options, or Kafka could not be reached."})
public final class SimulateCommand implements Callable<Integer> {

    private static final long SHUTDOWN_WAIT_SECONDS = 10;
    /** How long after publishing to wait for the system to show whether it takes future-dated events. */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(30);
    /** The maximum future skew of a system in real time (SPEC section 2). */
    private static final Duration REAL_TIME_SKEW = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--customers", defaultValue = "10000", paramLabel = "N",
            description = "Size of the simulated population (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--days", paramLabel = "D",
            description = "Accelerated mode: simulate D days of program life from --start, as fast as the broker "
                + "accepts (or at --rate), then move every partition's business clock to the end date.")
    Integer days;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SECOND",
            description = "Steady publishing rate. Without --days: load mode, every event stamped with the wall clock.")
    Double rate;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this wall-clock time, e.g. 90s, 10m, 2h or PT1H.")
    Duration duration;

    @Option(names = "--events", paramLabel = "N", description = "Stop after N events.")
    Long events;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Random seed; the same seed and options give the same traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", paramLabel = "INSTANT|DATE", converter = StartConverter.class,
            description = "Business time of the first simulated day with --days, e.g. 2026-01-01 or "
                + "2026-01-01T08:00:00Z (default: now).")
    Instant start;

    @Option(names = "--program", paramLabel = "FILE",
            description = "Program rules JSON, the same file given to run --program (default: the default program).")
    Path programFile;

    private BiFunction<Properties, String, Simulator> simulators = Simulator::new;
    private Clock clock = Clock.systemUTC();
    private boolean againstASystem = true;

    /** For tests without a running system: their own simulators and clock, and no check of the system. */
    void useSimulators(BiFunction<Properties, String, Simulator> simulators, Clock clock) {
        this.simulators = simulators;
        this.clock = clock;
        this.againstASystem = false;
    }

    @Override
    public Integer call() {
        validate();
        ConfigSources sources = cluster.sources();
        Program program = sources.program(programFile);
        TrafficModel model = days == null
                ? TrafficModel.live(seed, customers, clock, program)
                : TrafficModel.accelerated(seed, customers, start == null ? clock.instant() : start, program);
        RunPlan plan = new RunPlan(days == null ? null : model.start().plus(Duration.ofDays(days)),
                events == null ? 0 : events, duration, rate == null ? 0 : rate);
        KafkaConnection connection = cluster.connection(sources, KafkaRole.PUBLISHER);
        if (againstASystem) {
            Optional<String> unreachable = KafkaProbe.problem(connection);
            if (unreachable.isPresent()) {
                spec.commandLine().getErr().println("simulate: " + unreachable.get());
                return LoyaltyCli.UNREACHABLE;
            }
        }
        Properties client = new Properties();
        client.putAll(connection.clientConfig());
        Topics topics = cluster.topics(sources);
        String topic = topics.events();
        spec.commandLine().getErr().println(String.format(Locale.ROOT, "simulate: %,d customers, seed %d, %s to %s",
                customers, seed, days == null ? "live traffic" : days + " days from " + model.start(), topic));
        spec.commandLine().getErr().flush();
        Instant realTimeLimit = clock.instant().plus(REAL_TIME_SKEW);
        boolean datesAhead = plan.simulatedEnd() != null && plan.simulatedEnd().isAfter(realTimeLimit);
        try (Simulator simulator = simulators.apply(client, topic);
             FutureEventsCheck check = datesAhead && againstASystem
                     ? watchFutureEvents(client, topics, realTimeLimit) : FutureEventsCheck.NOT_NEEDED) {
            check.onRefused(simulator::stop);
            // The clocks are moved only once the system has shown it takes future-dated events (or said nothing).
            int exitCode = runAndReport(simulator, model, plan, () -> check.await(VERDICT_WAIT).orElse(true));
            if (check.await(VERDICT_WAIT).filter(accepted -> !accepted).isPresent()) {
                spec.commandLine().getErr().println("simulate: stopped: the system refused events dated ahead of its "
                        + "clock (FUTURE_OCCURRED_AT), so it runs in real time. To simulate days of program life, start "
                        + "a system for simulation with ./loyalty run --simulated-time (never a production system), "
                        + "or simulate live traffic with --rate.");
                spec.commandLine().getErr().flush();
                return 1;
            }
            return exitCode;
        }
    }

    /** A publisher that may not read the ledger (a secured cluster) runs without the check, and is told so. */
    private FutureEventsCheck watchFutureEvents(Properties client, Topics topics, Instant realTimeLimit) {
        try {
            return FutureEventsCheck.watch(client, topics, realTimeLimit);
        } catch (KafkaException e) {
            spec.commandLine().getErr().println("simulate: cannot watch " + topics.ledger() + " and "
                    + topics.rejections() + " (" + e.getMessage() + "); if the system runs in real time, its "
                    + "FUTURE_OCCURRED_AT rejections show there");
            return FutureEventsCheck.NOT_NEEDED;
        }
    }

    /**
     * Ctrl-C stops the run after the current event; the shutdown hook waits until the summary is
     * printed, so an interrupted load test still reports what it sent.
     */
    private int runAndReport(Simulator simulator, TrafficModel model, RunPlan plan, BooleanSupplier mayMoveClocks) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            simulator.stop();
            try {
                reported.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            SimulationSummary summary = simulator.run(model, plan,
                    new ProgressReporter(spec.commandLine().getErr(), System.console() != null), mayMoveClocks);
            spec.commandLine().getOut().print(summary.render());
            spec.commandLine().getOut().flush();
            return summary.failed() == 0 ? 0 : 1;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting through the hook; nothing left to remove.
            }
        }
    }

    private void validate() {
        if (days == null && rate == null) {
            fail("choose a mode: --rate R for steady load, or --days D for a span of program life in accelerated time");
        }
        if (customers < 1) {
            fail("--customers must be at least 1, got " + customers);
        }
        if (days != null && days < 1) {
            fail("--days must be at least 1, got " + days);
        }
        if (rate != null && !(rate > 0)) {
            fail("--rate must be a positive number of events per second, got " + rate);
        }
        if (events != null && events < 1) {
            fail("--events must be at least 1, got " + events);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            fail("--duration must be positive, got " + duration);
        }
        if (start != null && days == null) {
            fail("--start only applies with --days");
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    /** Accepts 90s, 10m, 2h, 1d or an ISO-8601 duration such as PT1H30M. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }

    /** Accepts an ISO-8601 instant, or a date meaning its midnight UTC. */
    static final class StartConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a date (2026-01-01) or an instant "
                        + "(2026-01-01T08:00:00Z)");
            }
        }
    }
}
