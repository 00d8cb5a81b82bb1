package dev.loyalty.core.ledger;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.program.VersionConformance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the invariants of SPEC section 3 entry by entry, folding each customer's account with the
 * same {@link Account#apply} the writer uses. Feed a whole ledger in order; every broken rule becomes a
 * {@link Violation} naming the customer and seq. An entry that fails its seal ({@link LedgerSeal#breach})
 * is reported as {@code tampered} and left out of the fold, as the projections leave it out.
 */
public final class InvariantChecker {

    /** One broken invariant. */
    public record Violation(String customerId, long seq, String rule, String message) {
        @Override
        public String toString() {
            return customerId + " seq " + seq + " [" + rule + "]: " + message;
        }
    }

    private final String initialTier;
    private final LedgerSeal seal;
    private final VersionConformance conformance;
    private final Map<String, CustomerCheck> customers = new HashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private long entries;

    /** Checks hashes, not macs. */
    public InvariantChecker(String initialTier) {
        this(initialTier, LedgerSeal.UNKEYED);
    }

    public InvariantChecker(String initialTier, LedgerSeal seal) {
        this(initialTier, seal, null);
    }

    /** @param versions the program versions entries must follow; null: not checked */
    public InvariantChecker(String initialTier, LedgerSeal seal, ProgramVersions versions) {
        this.initialTier = initialTier;
        this.seal = seal;
        this.conformance = versions == null ? null : new VersionConformance(versions);
    }

    /** @param partition the partition the entry was read from, or -1 when unknown */
    public void accept(LedgerRecord record, int partition) {
        entries++;
        LedgerEntry e = record.entry();
        CustomerCheck c = customers.get(e.customerId());
        Optional<String> breach = seal.breach(c == null ? new Account(e.customerId(), initialTier) : c.account, record);
        if (breach.isPresent()) {
            fail(e, "tampered", breach.get());
            return;
        }
        if (c == null) {
            c = new CustomerCheck(new Account(e.customerId(), initialTier), partition);
            customers.put(e.customerId(), c);
        }
        if (partition >= 0 && c.partition >= 0 && partition != c.partition) {
            fail(e, "single-partition", "entry in partition " + partition + ", earlier entries in " + c.partition);
        }
        long expectedSeq = c.account.seq() + 1;
        if (e.seq() != expectedSeq) {
            fail(e, "gapless-seq", "expected seq " + expectedSeq + ", found " + e.seq());
        }
        if (!LedgerEntry.entryId(e.customerId(), e.seq()).equals(e.entryId())) {
            fail(e, "entry-id", "entryId " + e.entryId() + " does not match customerId:seq");
        }
        long expectedBalance = c.account.balance() + e.points();
        if (e.balanceAfter() != expectedBalance) {
            fail(e, "balance-chain", "balanceAfter " + e.balanceAfter() + ", expected " + c.account.balance() + " + "
                    + e.points() + " = " + expectedBalance);
        }
        if (e.points() < 0 && e.balanceAfter() < 0 && e.kind() != EntryKind.CLAWED_BACK) {
            fail(e, "no-negative-balance", e.kind() + " left the balance at " + e.balanceAfter());
        }
        if (e.kind() == EntryKind.TIER_CHANGED && e.points() != 0) {
            fail(e, "tier-change-points", "TIER_CHANGED carries " + e.points() + " points");
        }
        checkAppliedOnce(c, e);
        checkLots(c, e);
        if (conformance != null) {
            conformance.problems(e).forEach(problem -> fail(e, "program-version", problem));
        }
        try {
            c.account.apply(e);
        } catch (IllegalStateException | NullPointerException ex) {
            fail(e, "lots", "cannot be applied to the account: " + ex.getMessage());
            return;
        }
        long lotsLessDebt = c.account.lotPoints() - c.account.debt();
        if (lotsLessDebt != c.account.balance()) {
            fail(e, "lots-add-up", "lots " + c.account.lotPoints() + " minus debt " + c.account.debt() + " = "
                    + lotsLessDebt + ", but the balance is " + c.account.balance());
        }
        if (c.account.balance() != c.sum + e.points()) {
            fail(e, "balance-is-sum", "balance " + c.account.balance() + " differs from the sum of points "
                    + (c.sum + e.points()));
        }
        c.sum += e.points();
    }

    /**
     * One event gives one entry of its own, then at most a campaign's BONUS right after a purchase's
     * EARNED entry, then at most the TIER_CHANGED it caused.
     */
    private void checkAppliedOnce(CustomerCheck c, LedgerEntry e) {
        String eventId = e.sourceEventId();
        EntryKind previousKind = c.lastKind;
        c.lastKind = e.kind();
        if (eventId == null) {
            c.lastEventId = null;
            return;
        }
        boolean sameEvent = eventId.equals(c.lastEventId);
        boolean campaignBonus = e.kind() == EntryKind.BONUS && previousKind == EntryKind.EARNED
                && e.detail() != null && e.detail().campaign() != null;
        if ((!sameEvent && c.account.hasSeen(eventId))
                || (sameEvent && e.kind() != EntryKind.TIER_CHANGED && !campaignBonus)) {
            fail(e, "applied-once", "event " + eventId + " was already applied in an earlier entry");
        }
        c.lastEventId = eventId;
    }

    /** Credits pay debt first and put the rest in a lot; debits take from lots, and only a clawback runs into debt. */
    private void checkLots(CustomerCheck c, LedgerEntry e) {
        Account before = c.account;
        if (e.points() > 0) {
            long expectedLot = e.points() - Math.min(before.debt(), e.points());
            long lot = e.lot() == null ? 0 : e.lot().points();
            if (lot != expectedLot) {
                fail(e, "lots-add-up", "credit of " + e.points() + " with debt " + before.debt() + " should form a lot of "
                        + expectedLot + ", found " + lot);
            }
        } else if (e.points() < 0) {
            long fromLots = e.consumedOrEmpty().stream().mapToLong(Consumption::points).sum();
            boolean intoDebt = fromLots < -e.points();
            if (intoDebt && (e.kind() != EntryKind.CLAWED_BACK || fromLots < before.lotPoints())) {
                fail(e, "lots-add-up", e.kind() + " of " + -e.points() + " took only " + fromLots
                        + " from lots holding " + before.lotPoints());
            }
        }
    }

    private void fail(LedgerEntry e, String rule, String message) {
        violations.add(new Violation(e.customerId(), e.seq(), rule, message));
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public long entries() {
        return entries;
    }

    public int customerCount() {
        return customers.size();
    }

    /** The folded account of a customer, null if no entry of theirs was seen. */
    public Account account(String customerId) {
        CustomerCheck c = customers.get(customerId);
        return c == null ? null : c.account;
    }

    public Set<String> customerIds() {
        return customers.keySet();
    }

    private static final class CustomerCheck {
        final Account account;
        final int partition;
        String lastEventId;
        EntryKind lastKind;
        long sum;

        CustomerCheck(Account account, int partition) {
            this.account = account;
            this.partition = partition;
        }
    }
}
