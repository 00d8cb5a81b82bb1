package dev.loyalty.app.verify;

import dev.loyalty.core.ledger.InvariantChecker;
import dev.loyalty.core.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * {@code verify}: folds the whole ledger with the domain code, checks every invariant of SPEC
 * section 3 and, when a query API is given, compares each customer's folded account with the view
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
    private final Program program;
    private final ViewClient views;

    /** @param views the projections' query API, or null to check the ledger alone */
    public LedgerVerifier(Properties clientConfig, String ledgerTopic, Program program, ViewClient views) {
        this.reader = new LedgerReader(clientConfig, ledgerTopic);
        this.program = program;
        this.views = views;
    }

    public Report verify(Progress progress) {
        InvariantChecker checker = new InvariantChecker(program.lowestTier().name());
        List<String> discrepancies = new ArrayList<>();
        long entries = reader.readAll(checker::accept,
                (partition, offset, problem) -> discrepancies.add("partition " + partition + " offset " + offset + ": " + problem),
                progress);
        checker.violations().forEach(v -> discrepancies.add(v.toString()));
        int compared = 0;
        if (views != null) {
            for (String customerId : checker.customerIds()) {
                views.compare(checker.account(customerId)).ifPresent(discrepancies::add);
                compared++;
            }
        }
        return new Report(entries, checker.customerCount(), discrepancies, compared);
    }
}
