package dev.loyalty.projections;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Lot;
import dev.loyalty.core.account.Order;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The projection rules for one customer, free of Kafka: {@link #apply} folds a ledger entry,
 * {@link #advance} does what falls due with time (churn, expiry warnings, the end of an active
 * period, spend leaving the tier window), each step at its own due time so the outcome depends on
 * the ledger and not on when punctuations happened to run.
 */
final class CustomerProjector {

    /** Purchases kept for the median gap: enough for a stable median, bounded state. */
    static final int MEDIAN_WINDOW = 101;

    private final Program program;
    private final Decider decider;

    CustomerProjector(Program program) {
        this.program = program;
        this.decider = new Decider(program);
    }

    CustomerState newState(String customerId) {
        return new CustomerState(new Account(customerId, program.lowestTier().name()));
    }

    boolean alreadyApplied(CustomerState s, LedgerEntry e) {
        return e.seq() <= s.account.seq();
    }

    /** Folds one entry; call {@link #advance} to the entry's {@code occurredAt} first. */
    List<Signal> apply(CustomerState s, LedgerEntry e, ProgramTotals totals) {
        List<Signal> signals = new ArrayList<>();
        boolean newMember = s.account.seq() == 0;
        String tierBefore = s.account.tier();
        s.account.apply(e);
        if (newMember) {
            totals.members++;
            totals.moveTier(null, s.account.tier());
        } else if (!tierBefore.equals(s.account.tier())) {
            totals.moveTier(tierBefore, s.account.tier());
        }
        switch (e.kind()) {
            case EARNED, BONUS, ADJUSTED, CLAWED_BACK -> {
                s.lifetimeEarned += e.points();
                totals.pointsIssued += e.points();
            }
            case REDEEMED -> {
                s.lifetimeRedeemed -= e.points();
                totals.pointsRedeemed -= e.points();
            }
            case EXPIRED -> {
                s.lifetimeExpired -= e.points();
                totals.pointsExpired -= e.points();
            }
            case TIER_CHANGED -> signals.add(TierChange.of(e, program));
        }
        totals.pointsOutstanding += e.points();
        if (e.kind() == EntryKind.EARNED && e.detail() != null && e.detail().orderId() != null) {
            purchase(s, e, totals, signals);
        }
        return signals;
    }

    private void purchase(CustomerState s, LedgerEntry e, ProgramTotals totals, List<Signal> signals) {
        Instant at = e.occurredAt();
        totals.orders++;
        s.purchaseCount++;
        if (s.purchaseCount == 1) {
            totals.purchasers++;
        } else if (s.purchaseCount == 2) {
            totals.repeatPurchasers++;
        }
        // A back-dated purchase adds to the history but does not end a silence that came after it.
        if (s.lastPurchaseAt == null || at.isAfter(s.lastPurchaseAt)) {
            if (s.status != ChurnStatus.ACTIVE) {
                signals.add(ChurnSignal.reactivated(s.customerId(), e.seq(), s.lastPurchaseAt, at));
                s.status = ChurnStatus.ACTIVE;
            }
            s.lastPurchaseAt = at;
            s.lastPurchaseSeq = e.seq();
        }
        int slot = Collections.binarySearch(s.recentPurchases, at);
        s.recentPurchases.add(slot < 0 ? -slot - 1 : slot, at);
        if (s.recentPurchases.size() > MEDIAN_WINDOW) {
            s.recentPurchases.remove(0);
        }
        if (!s.active && activeUntil(s).isAfter(s.advancedTo)) {
            s.active = true;
            totals.activeMembers++;
        }
    }

    /** Does, in time order, everything that falls due for the customer up to {@code now}. */
    List<Signal> advance(CustomerState s, Instant now, ProgramTotals totals) {
        List<Signal> signals = new ArrayList<>();
        for (Instant due = nextDue(s); due != null && !due.isAfter(now); due = nextDue(s)) {
            if (s.advancedTo == null || due.isAfter(s.advancedTo)) {
                s.advancedTo = due;
            }
            ChurnStep churn = nextChurnStep(s);
            if (churn != null && !churn.at.isAfter(due)) {
                signals.add(ChurnSignal.silence(s.customerId(), churn.status, s.lastPurchaseSeq, s.lastPurchaseAt,
                        churn.at));
                s.status = churn.status;
            }
            Lot warn = nextLotToWarn(s);
            if (warn != null && !warningDue(warn).isAfter(due)) {
                warn(s, warn).ifPresent(signals::add);
            }
            if (s.active && !activeUntil(s).isAfter(due)) {
                s.active = false;
                totals.activeMembers--;
            }
        }
        if (s.advancedTo == null || now.isAfter(s.advancedTo)) {
            s.advancedTo = now;
        }
        decider.forgetOld(s.account, now);
        return signals;
    }

    /** The earliest time {@link #advance} has work for this customer; null for none. */
    Instant nextDue(CustomerState s) {
        Instant due = null;
        ChurnStep churn = nextChurnStep(s);
        if (churn != null) {
            due = churn.at;
        }
        Lot warn = nextLotToWarn(s);
        if (warn != null) {
            due = earliest(due, warningDue(warn));
        }
        if (s.active) {
            due = earliest(due, activeUntil(s));
        }
        return earliest(due, nextSpendChange(s));
    }

    CustomerView view(CustomerState s) {
        Account a = s.account;
        CustomerView.NextExpiry next = null;
        if (!a.lots().isEmpty()) {
            Lot first = a.lots().get(0);
            next = new CustomerView.NextExpiry(pointsExpiringOn(a, day(first.expiresAt())), first.expiresAt());
        }
        Instant asOf = s.advancedTo == null ? Instant.EPOCH : s.advancedTo;
        return new CustomerView(a.customerId(), a.balance(), a.tier(),
                decider.qualifyingSpend(a, asOf).setScale(program.currencyScale(), RoundingMode.HALF_UP),
                s.lifetimeEarned, s.lifetimeRedeemed, s.lifetimeExpired, s.lastPurchaseAt, s.status, next, a.seq());
    }

    private record ChurnStep(ChurnStatus status, Instant at) {
    }

    private ChurnStep nextChurnStep(CustomerState s) {
        if (s.lastPurchaseAt == null || s.status == ChurnStatus.LAPSED) {
            return null;
        }
        if (s.status == ChurnStatus.ACTIVE) {
            Duration silence = atRiskSilence(s);
            if (silence != null) {
                return new ChurnStep(ChurnStatus.AT_RISK, s.lastPurchaseAt.plus(silence));
            }
        }
        return new ChurnStep(ChurnStatus.LAPSED, s.lastPurchaseAt.plus(Duration.ofDays(program.lapseDays())));
    }

    /**
     * Twice the median gap between the customer's purchases, at least atRiskMinGapDays; null when
     * there are too few purchases or the silence would reach the lapse anyway.
     */
    private Duration atRiskSilence(CustomerState s) {
        List<Instant> times = s.recentPurchases;
        if (s.purchaseCount < program.atRiskMinPurchases() || times.size() < 2) {
            return null;
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)).toMillis());
        }
        Collections.sort(gaps);
        int mid = gaps.size() / 2;
        long median = gaps.size() % 2 == 1 ? gaps.get(mid) : (gaps.get(mid - 1) + gaps.get(mid)) / 2;
        Duration silence = Duration.ofMillis(2 * median);
        Duration floor = Duration.ofDays(program.atRiskMinGapDays());
        if (silence.compareTo(floor) < 0) {
            silence = floor;
        }
        return silence.compareTo(Duration.ofDays(program.lapseDays())) < 0 ? silence : null;
    }

    private Lot nextLotToWarn(CustomerState s) {
        for (Lot lot : s.account.lots()) {
            if (s.warnedThrough == null || day(lot.expiresAt()).isAfter(s.warnedThrough)) {
                return lot;
            }
        }
        return null;
    }

    private Instant warningDue(Lot lot) {
        return lot.expiresAt().minus(Duration.ofDays(program.expiryWarningDays()));
    }

    /** One warning per expiry day, with what is still unspent that day; none once the day has come. */
    private Optional<Signal> warn(CustomerState s, Lot first) {
        LocalDate day = day(first.expiresAt());
        s.warnedThrough = day;
        if (!first.expiresAt().isAfter(s.advancedTo)) {
            return Optional.empty();
        }
        return Optional.of(ExpiryWarning.of(s.customerId(), day, pointsExpiringOn(s.account, day),
                first.expiresAt(), s.account.balance(), warningDue(first)));
    }

    private static long pointsExpiringOn(Account a, LocalDate day) {
        long points = 0;
        for (Lot lot : a.lots()) {
            if (day(lot.expiresAt()).equals(day)) {
                points += lot.remaining();
            }
        }
        return points;
    }

    private Instant activeUntil(CustomerState s) {
        return s.lastPurchaseAt.plus(Duration.ofDays(program.activeDays()));
    }

    /** When an order next leaves the tier window, changing the qualifying spend the view shows. */
    private Instant nextSpendChange(CustomerState s) {
        Instant next = null;
        for (Order o : s.account.orders().values()) {
            Instant exit = o.purchasedAt().plus(program.tierWindow());
            if (s.advancedTo == null || exit.isAfter(s.advancedTo)) {
                next = earliest(next, exit);
            }
        }
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }
}
