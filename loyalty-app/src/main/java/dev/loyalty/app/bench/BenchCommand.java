package dev.loyalty.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.app.broker.EmbeddedKafkaBroker;
import dev.loyalty.app.config.KafkaConnection;
import dev.loyalty.app.runtime.TopicProvisioner;
import dev.loyalty.core.json.Json;
import dev.loyalty.core.ledger.LedgerKeys;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./loyalty bench}: every figure of the performance issue, measured in one run on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures the ledger on this machine, in one run, on a fresh embedded broker.",
            "",
            "The writer topology alone (in-process) at 10k, 100k and (full run) 1M customers; the same with a "
                + "ledger key; the seal's cost per entry (hash, mac, reader's check); a bare exactly-once copy loop "
                + "(the ceiling); the whole system end to end; publish-to-visible latency at half that throughput; "
                + "publish-to-ledger latency at 1,000 events/s for the Java and the CRC32 partitioner; a projections "
                + "replay at 10k, 100k and (full run) 1M customers; and the state kept on disk per customer (RocksDB "
                + "flushed first).",
            "",
            "Prints a table, or one JSON object with --json. Takes about 15 minutes; --quick about 3.",
            ""})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller runs: about 3 minutes instead of 15.")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the traffic model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Record a Java Flight Recorder profile of the whole run into FILE (open it with `jfr print` or JMC).")
    Path profile;

    /** The steady rate at which the publish-to-ledger latency goal is stated (docs/benchmarks.md). */
    private static final int LEDGER_LATENCY_RATE = 1_000;

    @Override
    public Integer call() throws Exception {
        Program program = Program.defaults();
        long began = System.nanoTime();
        // Under the data directory rather than /tmp, which the OS may clean while RocksDB uses it.
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("data")), "bench-");
        Recording recording = profile == null ? null : startProfile(profile);
        try {
            return measure(program, began, work);
        } finally {
            if (recording != null) {
                // Stopping writes the recording to its destination.
                recording.stop();
                recording.close();
                note("profile written to " + profile);
            }
            deleteRecursively(work);
        }
    }

    private static Recording startProfile(Path file) throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setDestination(file);
        recording.start();
        note("recording a profile into " + file);
        return recording;
    }

    private Integer measure(Program program, long began, Path work) throws Exception {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode runs = out.putObject("runs");
        out.put("mode", quick ? "quick" : "full");

        var scaling = out.putArray("writerScaling");
        int[] populations = quick ? new int[] {10_000, 100_000} : new int[] {10_000, 100_000, 1_000_000};
        int[] eventCounts = quick ? new int[] {40_000, 100_000} : new int[] {50_000, 300_000, 1_500_000};
        WriterTopologyBench.Result at100k = null;
        BenchEvents.Batch batch100k = null;
        WriterTopologyBench.Result largest = null;
        int largestCustomers = 0;
        for (int i = 0; i < populations.length; i++) {
            note("writer topology, " + populations[i] + " customers, " + eventCounts[i] + " events");
            BenchEvents.Batch batch = BenchEvents.generate(seed, populations[i], eventCounts[i], program);
            WriterTopologyBench.Result r = new WriterTopologyBench(program, LedgerSeal.UNKEYED)
                    .run(batch.events(), work.resolve("writer-" + i));
            note("  " + Math.round(r.eventsPerSec()) + " events/s");
            scaling.addObject().put("population", populations[i]).put("customers", batch.customers())
                    .put("events", eventCounts[i]).put("eventsPerSec", Math.round(r.eventsPerSec()))
                    .put("stateBytesPerCustomer", r.stateBytes() / Math.max(1, batch.customers()));
            if (populations[i] == 100_000) {
                at100k = r;
                batch100k = batch;
                runs.putObject("writerTopology").put("events", eventCounts[i]).put("customers", batch.customers())
                        .put("population", populations[i]).put("partitions", 1).put("where", "in-process, TopologyTestDriver, RocksDB");
            }
            largest = r;
            largestCustomers = batch.customers();
        }
        out.put("writerTopologyEventsPerSec", Math.round(at100k.eventsPerSec()));

        byte[] key = new byte[LedgerKeys.MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        LedgerSeal keyed = new LedgerSeal(LedgerKeys.parse("bench=" + Base64.getEncoder().encodeToString(key)));
        note("writer topology with a ledger key, 100000 customers, " + batch100k.events().size() + " events");
        WriterTopologyBench.Result withKey = new WriterTopologyBench(program, keyed)
                .run(batch100k.events(), work.resolve("writer-keyed"));
        note("  " + Math.round(withKey.eventsPerSec()) + " events/s");
        out.put("writerTopologyKeyedEventsPerSec", Math.round(withKey.eventsPerSec()));
        int sealEntries = quick ? 50_000 : 200_000;
        note("ledger seal per entry, " + sealEntries + " entries");
        SealBench.Result seal = new SealBench(program, keyed).run(seed + 4, 100_000, sealEntries);
        out.putObject("sealMicrosPerEntry").put("entryJson", round2(seal.entryJsonMicros()))
                .put("hash", round2(seal.hashMicros())).put("hashAndMac", round2(seal.hashMacMicros()))
                .put("readAndFold", round2(seal.readMicros())).put("readCheckHashAndFold", round2(seal.readHashMicros()))
                .put("readCheckHashMacAndFold", round2(seal.readHashMacMicros()));
        runs.putObject("seal").put("entries", seal.entries()).put("where", "in-process, one thread");

        Path brokerDir = work.resolve("broker");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, freePort())) {
            // The baseline's clients start from the same settings as the system's, so the ratio compares like with like.
            Properties client = new Properties();
            client.putAll(new KafkaConnection(broker.bootstrapServers(), Map.of()).clientConfig());
            int e2eEvents = quick ? 60_000 : 300_000;
            BenchEvents.Batch input = BenchEvents.generate(seed + 1, 100_000, e2eEvents, program);

            note("raw exactly-once passthrough, " + e2eEvents + " events");
            createTopics(client, List.of("bench-raw.in", "bench-raw.out"));
            new TopicLoader(client).load("bench-raw.in", input.events());
            double raw = new RawPassthroughBench(client).run("bench-raw.in", "bench-raw.out");
            out.put("rawPassthroughEventsPerSec", Math.round(raw));
            note("  " + Math.round(raw) + " events/s");
            runs.putObject("rawPassthrough").put("events", e2eEvents).put("partitions", partitions);

            note("end to end, " + e2eEvents + " events");
            double e2e;
            List<Double> latencies;
            LedgerLatencyBench.Result ledgerLatency;
            Duration latencyRun = Duration.ofSeconds(quick ? 15 : 40);
            Path systemDir = work.resolve("system");
            try (EndToEndBench system = new EndToEndBench(broker.bootstrapServers(), client, partitions, program, systemDir)) {
                e2e = system.throughput(input.events());
                note("  " + Math.round(e2e) + " events/s");
                note("latency at " + Math.round(e2e / 2) + " events/s for " + latencyRun.toSeconds() + " s");
                BenchEvents.Batch background = BenchEvents.generate(seed + 2, 100_000, 50_000, program);
                latencies = system.latency(background.events(), e2e / 2, latencyRun);
                note("publish to ledger at " + LEDGER_LATENCY_RATE + " events/s for " + latencyRun.toSeconds() + " s");
                ledgerLatency = system.ledgerLatency(background.events(), LEDGER_LATENCY_RATE, latencyRun, partitions);
            }
            putLatency(out, "ledgerLatencyJava", ledgerLatency.javaPartitionerMs());
            putLatency(out, "ledgerLatencyCrc32", ledgerLatency.crc32PartitionerMs());
            runs.putObject("ledgerLatency").put("eventsPerSec", LEDGER_LATENCY_RATE).put("seconds", latencyRun.toSeconds())
                    .put("probes", ledgerLatency.javaPartitionerMs().size() + ledgerLatency.crc32PartitionerMs().size());
            out.put("e2eEventsPerSec", Math.round(e2e));
            out.put("e2eToRawRatio", Math.round(e2e / raw * 100) / 100.0);
            out.put("p50LatencyMs", Math.round(percentile(latencies, 0.50)));
            out.put("p99LatencyMs", Math.round(percentile(latencies, 0.99)));
            runs.putObject("e2e").put("events", e2eEvents).put("customers", input.customers()).put("partitions", partitions);
            runs.putObject("latency").put("eventsPerSec", Math.round(e2e / 2)).put("seconds", latencyRun.toSeconds())
                    .put("probes", latencies.size());

            var replayScaling = out.putArray("projectionsScaling");
            int[] replayPopulations = quick ? new int[] {10_000, 100_000} : new int[] {10_000, 100_000, 1_000_000};
            long[] replayEntries = quick ? new long[] {250_000, 250_000} : new long[] {250_000, 250_000, 1_000_000};
            ReplayBench.Result rebuilt = null;
            for (int i = 0; i < replayPopulations.length; i++) {
                // The largest is the replay the other figures quote (replayEntriesPerSec, the state per customer).
                boolean largestReplay = i == replayPopulations.length - 1;
                rebuilt = replay(client, program, largestReplay ? "bench-replay" : "bench-replay-" + replayPopulations[i],
                        replayPopulations[i], replayEntries[i], work);
                replayScaling.addObject().put("population", replayPopulations[i]).put("customers", rebuilt.customers())
                        .put("entries", rebuilt.entries()).put("entriesPerSec", Math.round(rebuilt.entriesPerSec()))
                        .put("stateBytesPerCustomer", rebuilt.stateBytes() / Math.max(1, rebuilt.customers()));
            }
            int customers = rebuilt.customers();
            out.put("replayEntriesPerSec", Math.round(rebuilt.entriesPerSec()));
            runs.putObject("replay").put("entries", rebuilt.entries()).put("customers", customers).put("partitions", partitions);

            long writerPerCustomer = largest.stateBytes() / Math.max(1, largestCustomers);
            long projectionsPerCustomer = rebuilt.stateBytes() / Math.max(1, customers);
            out.put("stateBytesPerCustomer", writerPerCustomer + projectionsPerCustomer);
            runs.putObject("state").put("writerCustomers", largestCustomers).put("writerBytesPerCustomer", writerPerCustomer)
                    .put("projectionCustomers", customers).put("projectionBytesPerCustomer", projectionsPerCustomer);
        }
        out.putObject("machine").put("cores", Runtime.getRuntime().availableProcessors())
                .put("maxHeapBytes", Runtime.getRuntime().maxMemory()).put("java", System.getProperty("java.version"));
        out.put("seconds", Math.round((System.nanoTime() - began) / 1e9));
        System.out.println(json ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out) : BenchTable.render(out));
        return 0;
    }

    /** A ledger of {@code entries} for {@code population} written under {@code name}, then the projections rebuilt from it. */
    private ReplayBench.Result replay(Properties client, Program program, String name, int population, long entries, Path work)
            throws Exception {
        note("replay of " + entries + " ledger entries, " + population + " customers");
        ReplayBench replay = new ReplayBench(client, program, name);
        try (Admin admin = Admin.create(client)) {
            TopicProvisioner.ensureTopics(admin, replay.topics(), partitions, Optional.empty());
        }
        int customers = replay.writeLedger(seed + 3, population, entries);
        ReplayBench.Result rebuilt = replay.rebuild(entries, customers, work.resolve(name));
        note("  " + Math.round(rebuilt.entriesPerSec()) + " entries/s");
        return rebuilt;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void createTopics(Properties client, List<String> names) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get();
        }
    }

    private static void putLatency(ObjectNode out, String name, List<Double> sorted) {
        out.put(name + "P50Ms", Math.round(percentile(sorted, 0.50)));
        out.put(name + "P99Ms", Math.round(percentile(sorted, 0.99)));
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void note(String step) {
        System.err.println("bench: " + step);
    }
}
