package dev.loyalty.app.verify;

import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.topic.Topics;
import dev.loyalty.writer.LedgerReader;
import dev.loyalty.writer.ProgramTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Properties;

/**
 * {@code verify}: folds the whole ledger with the domain code, checks every invariant of SPEC
 * section 3 (an entry that fails its seal is reported {@code [tampered]} and left out of the fold, as the
 * projections leave it out) and, when a query API is given, compares each customer's folded account with the view
 * the projections serve.
 */
public final class LedgerVerifier {

    /** What verify found; {@code ok()} only when every invariant holds and every view agrees. */
    public record Report(long entries, int customers, List<String> discrepancies, int viewsCompared) {
        public boolean ok() {
            return discrepancies.isEmpty();
        }

        public String summary() {
            return String.format("verify: %,d entries, %,d customers, %,d views compared: %s", entries, customers,
                    viewsCompared, ok() ? "all invariants hold" : discrepancies.size() + " discrepancies");
        }
    }

    private final LedgerReader reader;
    private final Properties clientConfig;
    private final Topics topics;
    private final Program program;
    private final LedgerSeal seal;
    private static final int VIEW_QUERIES_IN_FLIGHT = 16;

    private final ViewClient views;

    /**
     * @param program the rules of a ledger written before loyalty.program existed: version 1 while the
     *     topic holds no version
     * @param views the projections' query API, or null to check the ledger alone
     */
    public LedgerVerifier(Properties clientConfig, Topics topics, Program program, LedgerSeal seal,
                          ViewClient views) {
        this.reader = new LedgerReader(clientConfig, topics.ledger());
        this.clientConfig = clientConfig;
        this.topics = topics;
        this.program = program;
        this.seal = seal;
        this.views = views;
    }

    /** Asks for the views many at a time (each answer is a network round trip), reported in customer order. */
    private int compareViews(InvariantChecker checker, List<String> discrepancies) {
        List<String> customers = checker.customerIds().stream().sorted().toList();
        ExecutorService pool = Executors.newFixedThreadPool(VIEW_QUERIES_IN_FLIGHT);
        try {
            List<Future<Optional<String>>> answers = new ArrayList<>(customers.size());
            for (String customerId : customers) {
                answers.add(pool.submit(() -> views.compare(checker.account(customerId))));
            }
            for (Future<Optional<String>> answer : answers) {
                answer.get().ifPresent(discrepancies::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discrepancies.add("interrupted while comparing views");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ViewClient.Unavailable unavailable) {
                throw unavailable;
            }
            discrepancies.add("comparing views failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return customers.size();
    }

    /** @throws ViewClient.Unavailable when the views are to be compared and the query API cannot answer */
    public Report verify(Progress progress) {
        // Read before the ledger: every version an entry read next can name is already there.
        ProgramTopic.Contents published = ProgramTopic.read(clientConfig, topics.program());
        ProgramVersions versions = published.versions().orSeed(program);
        InvariantChecker checker = new InvariantChecker(versions.all().get(0).program().lowestTier().name(), seal,
                versions);
        List<String> discrepancies = new ArrayList<>();
        published.ignored().forEach(why -> discrepancies.add(topics.program() + ": ignored record, " + why));
        long entries = reader.readAll(checker::accept,
                (partition, offset, problem) -> discrepancies.add("partition " + partition + " offset " + offset + ": " + problem),
                progress);
        checker.violations().forEach(v -> discrepancies.add(v.toString()));
        int compared = 0;
        if (views != null) {
            compared = compareViews(checker, discrepancies);
        }
        return new Report(entries, checker.customerCount(), discrepancies, compared);
    }
}
