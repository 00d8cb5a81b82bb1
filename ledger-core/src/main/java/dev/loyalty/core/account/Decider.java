package dev.loyalty.core.account;

import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.event.Engagement;
import dev.loyalty.core.event.Event;
import dev.loyalty.core.event.LineItem;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.event.Return;
import dev.loyalty.core.ledger.CampaignUse;
import dev.loyalty.core.ledger.Consumption;
import dev.loyalty.core.ledger.Detail;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.ledger.LotRef;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.SealedEntry;
import dev.loyalty.core.program.Campaign;
import dev.loyalty.core.program.EngagementRule;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramVersion;
import dev.loyalty.core.program.ProgramVersions;
import dev.loyalty.core.program.Tier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program rules applied to one account: {@link #decide} for an input event, {@link #tick} for
 * what falls due with time (expiry, downgrade after grace). Entries are built here and applied to
 * the account through {@link Account#apply}, the same fold that rebuilds an account from the ledger.
 * Each entry is sealed as it is built, chained to the one before it ({@link LedgerSeal}).
 *
 * <p>One Decider holds the rules of one program version; those of the other versions are its siblings,
 * built with it. Each step is judged by the version in force at its time ({@link ProgramVersions}): an
 * event at its {@code occurredAt}, a time-driven entry at its due time.
 */
public final class Decider {

    private final Program program;
    private final ProgramVersion version;
    private final LedgerSeal seal;
    private final ProgramVersions versions;
    /** Every version's Decider by number, this one included. */
    private final Map<Integer, Decider> siblings;

    /** One program as version 1; entries carry a hash but no mac. */
    public Decider(Program program) {
        this(ProgramVersions.single(program), LedgerSeal.UNKEYED);
    }

    /** One program as version 1. */
    public Decider(Program program, LedgerSeal seal) {
        this(ProgramVersions.single(program), seal);
    }

    public Decider(ProgramVersions versions, LedgerSeal seal) {
        this(versions.latest(), seal, versions, new HashMap<>());
        for (ProgramVersion v : versions.all()) {
            if (!siblings.containsKey(v.number())) {
                new Decider(v, seal, versions, siblings);
            }
        }
    }

    private Decider(ProgramVersion version, LedgerSeal seal, ProgramVersions versions, Map<Integer, Decider> siblings) {
        this.program = version.program();
        this.version = version;
        this.seal = seal;
        this.versions = versions;
        this.siblings = siblings;
        siblings.put(version.number(), this);
    }

    /** The rules of the latest version. */
    public Program program() {
        return program;
    }

    private Decider rulesAt(Instant at) {
        return siblings.get(versions.inForceAt(at).number());
    }

    /** A customer's account before its first entry, at the lowest tier of the version in force {@code at}. */
    public Account newAccount(String customerId, Instant at) {
        return new Account(customerId, rulesAt(at).program.lowestTier().name());
    }

    /**
     * @param state the account before the event (not changed)
     * @param now the partition's business clock, never before {@code event.occurredAt()}
     * @param recordedAt the writer's wall clock, stamped on the entries
     */
    public Decision decide(Account state, Event event, Instant now, Instant recordedAt) {
        Decider judge = rulesAt(event.occurredAt());
        if (judge != this) {
            return judge.decide(state, event, now, recordedAt);
        }
        Work w = new Work(state.copy(), recordedAt);
        dueEffects(w, now);
        Seen prior = w.account.seen(event.eventId());
        if (prior != null) {
            return decision(w, true, null, prior.result());
        }
        Outcome outcome = apply(w, event, now);
        if (outcome.rejection != null) {
            w.account.remember(event.eventId(), now, outcome.result);
        }
        // A backfilled credit may already be past its expiry.
        dueEffects(w, now);
        Decision decided = decision(w, false, outcome.rejection, outcome.result);
        if (decided.stored().length > Account.MAX_STORED_BYTES) {
            return refusedForSpace(state, event, now, recordedAt);
        }
        return decided;
    }

    /** Encodes the account once: the bound is checked on the bytes the writer then stores. */
    private Decision decision(Work w, boolean duplicate, Decision.Rejection rejection, RedemptionResult result) {
        return new Decision(w.entries, w.account, AccountCodec.encode(w.account), duplicate, rejection, result);
    }

    /**
     * The event would make the account larger than it may be stored: it is refused and not remembered,
     * so the account stays as time alone leaves it (which never makes it larger).
     */
    private Decision refusedForSpace(Account state, Event event, Instant now, Instant recordedAt) {
        Work w = new Work(state.copy(), recordedAt);
        dueEffects(w, now);
        Outcome outcome = new Outcome(new Decision.Rejection(RejectReason.LIMIT_REACHED, "customer "
                + event.customerId() + " holds as much history as an account may keep (" + Account.MAX_STORED_BYTES
                + " bytes of orders, lots, event ids and awards); it frees up as they age out"),
                event instanceof Redemption r ? RedemptionResult.rejected(r.eventId(), r.customerId(), requestedPoints(r),
                        w.account.balance(), RejectReason.LIMIT_REACHED.name()) : null);
        return decision(w, false, outcome.rejection, outcome.result);
    }

    private long requestedPoints(Redemption r) {
        return r.points() != null ? r.points() : program.rewards().getOrDefault(r.rewardId(), 0L);
    }

    private Outcome apply(Work w, Event event, Instant now) {
        if (event instanceof Purchase p) {
            return purchase(w, p, now);
        } else if (event instanceof Return r) {
            return refund(w, r);
        } else if (event instanceof Redemption r) {
            return redemption(w, r);
        } else if (event instanceof Adjustment a) {
            return adjustment(w, a);
        } else {
            return engagement(w, (Engagement) event);
        }
    }

    /** The entries that fall due by {@code now} with no event: expiries and downgrades. */
    public Decision tick(Account state, Instant now, Instant recordedAt) {
        Work w = new Work(state.copy(), recordedAt);
        dueEffects(w, now);
        return decision(w, false, null, null);
    }

    /**
     * When {@link #tick} will next have something to do for this account; null for never. The version in
     * force at {@code now} dates a downgrade: a later version's rules apply from its account's next event.
     */
    public Instant nextDue(Account a, Instant now) {
        Lot lot = a.firstExpiringLot();
        Instant due = lot == null ? null : lot.expiresAt();
        Instant downgrade = rulesAt(now).downgradeDue(a, now);
        if (downgrade != null && (due == null || downgrade.isBefore(due))) {
            due = downgrade;
        }
        return due;
    }

    public BigDecimal qualifyingSpend(Account a, Instant at) {
        return QualifyingSpend.at(a.orderHistory(), rulesAt(at).program.tierWindow(), at);
    }

    /**
     * Writes what fell due by {@code now}, each stretch of time under the version in force over it,
     * from the stretch of the first pending entry on.
     */
    private void dueEffects(Work w, Instant now) {
        ProgramVersion first = versions.inForceAt(now);
        if (versions.all().size() > 1) {
            // Only with several versions does the first pending entry choose where to start.
            Instant pending = nextDue(w.account, now);
            if (pending != null && !pending.isAfter(now)) {
                first = versions.inForceAt(pending);
            }
        }
        for (ProgramVersion v : versions.all()) {
            if (v.number() < first.number() || v.effectiveFrom().isAfter(now) && v != first) {
                continue;
            }
            Instant superseded = versions.supersededAt(v);
            Instant until = superseded == null || superseded.isAfter(now) ? now : superseded.minusNanos(1);
            Decider rules = siblings.get(v.number());
            rules.dueEffectsOfOneVersion(rules.new Work(w.account, w.recordedAt, w.entries), until);
        }
    }

    private void dueEffectsOfOneVersion(Work w, Instant now) {
        while (true) {
            Lot lot = w.account.firstExpiringLot();
            Instant lotDue = lot != null && !lot.expiresAt().isAfter(now) ? lot.expiresAt() : null;
            Instant downgrade = downgradeDue(w.account, now);
            Instant downDue = downgrade != null && !downgrade.isAfter(now) ? downgrade : null;
            if (lotDue == null && downDue == null) {
                break;
            }
            if (lotDue != null && (downDue == null || !downDue.isBefore(lotDue))) {
                w.debit(EntryKind.EXPIRED, lot.remaining(), lot.expiresAt(), null, Detail.builder(), lot.id());
            } else {
                downgrade(w, downDue);
            }
        }
        forgetOldByThisVersion(w.account, now);
    }

    /** Drops what no rule needs by {@code now}: event ids past dedup retention, old orders and awards. */
    public void forgetOld(Account account, Instant now) {
        rulesAt(now).forgetOldByThisVersion(account, now);
    }

    private void forgetOldByThisVersion(Account account, Instant now) {
        account.forget(now.minus(program.dedupRetention()), now.minus(program.orderRetention()), engagementCuts(now));
    }

    private Map<String, Instant> engagementCuts(Instant now) {
        Map<String, Instant> cuts = new HashMap<>();
        for (Map.Entry<String, EngagementRule> e : program.engagement().entrySet()) {
            if (e.getValue().per().memory() != null) {
                cuts.put(e.getKey(), now.minus(e.getValue().per().memory()));
            }
        }
        return cuts;
    }

    /**
     * The tier drops a grace period after qualifying spend last fell below its threshold. A tier
     * whose threshold the history never reached (a changed program) drops at once.
     */
    private Instant downgradeDue(Account a, Instant now) {
        int index = program.tierIndex(a.tier());
        if (index == 0) {
            return program.tiers().get(0).name().equals(a.tier()) ? null : now;
        }
        Instant fell = QualifyingSpend.lastFallBelow(a.orderHistory(), program.tierWindow(),
                program.tiers().get(index).threshold());
        return fell == null ? now : fell.plus(program.downgradeGrace());
    }

    private void downgrade(Work w, Instant at) {
        BigDecimal spend = qualifyingSpend(w.account, at);
        Tier target = program.tiers().get(program.tierIndexFor(spend));
        w.tierChange(target, spend, at, null);
    }

    private Outcome purchase(Work w, Purchase p, Instant now) {
        if (w.account.order(p.orderId()) != null) {
            return Outcome.rejected(RejectReason.DUPLICATE_ORDER, "order " + p.orderId() + " was already purchased");
        }
        Tier tier = program.tiers().get(program.tierIndex(w.account.tier()));
        List<LineItem> lines = p.items().isEmpty()
                ? List.of(new LineItem(p.orderId(), null, 1, p.amount()))
                : p.items();
        // Conditions look at the customer as they were before this purchase, as the tier multiplier does.
        List<Campaign> open = program.campaigns().stream()
                .filter(c -> c.appliesTo(p.occurredAt(), w.account.lastPurchaseAt())
                        && program.reaches(tier.name(), c.minTier()))
                .toList();
        BigDecimal raw = BigDecimal.ZERO;
        Map<String, CampaignUse> uses = new LinkedHashMap<>();
        for (LineItem line : lines) {
            Campaign best = bestMultiplier(open, line.category());
            BigDecimal campaignMultiplier = best == null ? BigDecimal.ONE : best.multiplier();
            raw = raw.add(line.total().multiply(program.pointsPerUnit()).multiply(tier.multiplier())
                    .multiply(campaignMultiplier));
            if (best != null) {
                uses.merge(best.id(), new CampaignUse(best.id(), best.multiplier(), line.total()),
                        (a, b) -> new CampaignUse(a.id(), a.multiplier(), a.amount().add(b.amount())));
            }
        }
        long points = raw.setScale(0, RoundingMode.FLOOR).longValueExact();
        w.credit(EntryKind.EARNED, points, p.occurredAt(), p.eventId(), Detail.builder()
                .orderId(p.orderId()).amount(p.amount()).rate(program.pointsPerUnit())
                .tierMultiplier(tier.multiplier()).campaigns(new ArrayList<>(uses.values())));
        Campaign bonus = bestBonus(open, lines);
        if (bonus != null) {
            w.credit(EntryKind.BONUS, bonus.bonus(), p.occurredAt(), p.eventId(),
                    Detail.builder().orderId(p.orderId()).campaign(bonus.id()));
        }
        BigDecimal spend = qualifyingSpend(w.account, now);
        int reached = program.tierIndexFor(spend);
        if (reached > program.tierIndex(w.account.tier())) {
            w.tierChange(program.tiers().get(reached), spend, p.occurredAt(), p.eventId());
        }
        return Outcome.APPLIED;
    }

    /** Highest multiplier among the open campaigns covering the line; the first listed wins a tie. */
    private static Campaign bestMultiplier(List<Campaign> open, String category) {
        Campaign best = null;
        for (Campaign c : open) {
            if (!c.givesBonus() && c.covers(category)
                    && (best == null || c.multiplier().compareTo(best.multiplier()) > 0)) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Bonuses do not stack either: the largest among the open bonus campaigns with a line they cover
     * is awarded; the first listed wins a tie.
     */
    private static Campaign bestBonus(List<Campaign> open, List<LineItem> lines) {
        Campaign best = null;
        for (Campaign c : open) {
            if (c.givesBonus() && lines.stream().anyMatch(line -> c.covers(line.category()))
                    && (best == null || c.bonus() > best.bonus())) {
                best = c;
            }
        }
        return best;
    }

    private Outcome refund(Work w, Return r) {
        Order order = w.account.order(r.orderId());
        if (order == null) {
            return Outcome.rejected(RejectReason.UNKNOWN_ORDER, "no purchase of order " + r.orderId()
                    + " is known for customer " + r.customerId());
        }
        BigDecimal returned = order.returnedAmount().add(r.amount());
        if (returned.compareTo(order.amount()) > 0) {
            return Outcome.rejected(RejectReason.RETURN_EXCEEDS_PURCHASE, "returns of order " + r.orderId()
                    + " would total " + returned.toPlainString() + ", more than its amount "
                    + order.amount().toPlainString());
        }
        long target = BigDecimal.valueOf(order.points()).multiply(returned)
                .divide(order.amount(), 0, RoundingMode.HALF_UP).longValueExact();
        w.debit(EntryKind.CLAWED_BACK, target - order.clawedBack(), r.occurredAt(), r.eventId(), Detail.builder()
                .orderId(r.orderId()).returnedAmount(r.amount()).orderPoints(order.points()), null);
        return Outcome.APPLIED;
    }

    private Outcome redemption(Work w, Redemption r) {
        long cost;
        if (r.rewardId() != null) {
            Long price = program.rewards().get(r.rewardId());
            if (price == null) {
                return Outcome.rejectedRedemption(r, 0, w.account.balance(), RejectReason.UNKNOWN_REWARD,
                        "reward " + r.rewardId() + " is not in the catalog");
            }
            cost = price;
        } else {
            cost = r.points();
        }
        if (w.account.balance() < cost) {
            return Outcome.rejectedRedemption(r, cost, w.account.balance(), RejectReason.INSUFFICIENT_POINTS,
                    "balance " + w.account.balance() + " does not cover " + cost + " points");
        }
        LedgerEntry entry = w.debit(EntryKind.REDEEMED, cost, r.occurredAt(), r.eventId(),
                Detail.builder().rewardId(r.rewardId()).note(r.note()), null);
        return new Outcome(null, RedemptionResult.accepted(entry));
    }

    private Outcome adjustment(Work w, Adjustment a) {
        Detail.Builder detail = Detail.builder().reason(a.reason()).actor(a.actor());
        if (a.points() > 0) {
            w.credit(EntryKind.ADJUSTED, a.points(), a.occurredAt(), a.eventId(), detail);
        } else if (w.account.balance() + a.points() < 0) {
            return Outcome.rejected(RejectReason.INSUFFICIENT_POINTS, "balance " + w.account.balance()
                    + " does not cover an adjustment of " + a.points());
        } else {
            w.debit(EntryKind.ADJUSTED, -a.points(), a.occurredAt(), a.eventId(), detail, null);
        }
        return Outcome.APPLIED;
    }

    private Outcome engagement(Work w, Engagement e) {
        EngagementRule rule = program.engagement().get(e.action());
        if (rule == null) {
            // Input checks follow the latest version; an older one may not know the action yet.
            return Outcome.rejected(RejectReason.INVALID_FIELD, "action " + e.action() + " is not in program version "
                    + version.number() + ", in force at " + e.occurredAt());
        }
        long used = w.account.engagementTimes(e.action()).stream()
                .filter(t -> rule.per().sameWindow(t, e.occurredAt()))
                .count();
        if (used >= rule.limit()) {
            return Outcome.rejected(RejectReason.LIMIT_REACHED, e.action() + " is limited to " + rule.limit()
                    + " per " + rule.per().wireName());
        }
        w.credit(EntryKind.BONUS, rule.points(), e.occurredAt(), e.eventId(),
                Detail.builder().action(e.action()).reference(e.reference()));
        return Outcome.APPLIED;
    }

    private record Outcome(Decision.Rejection rejection, RedemptionResult result) {
        static final Outcome APPLIED = new Outcome(null, null);

        static Outcome rejected(RejectReason reason, String message) {
            return new Outcome(new Decision.Rejection(reason, message), null);
        }

        static Outcome rejectedRedemption(Redemption r, long points, long balance, RejectReason reason, String message) {
            return new Outcome(new Decision.Rejection(reason, message),
                    RedemptionResult.rejected(r.eventId(), r.customerId(), points, balance, reason.name()));
        }
    }

    /** The account being decided on and the entries appended to it so far. */
    private final class Work {
        final Account account;
        final Instant recordedAt;
        final List<SealedEntry> entries;

        Work(Account account, Instant recordedAt) {
            this(account, recordedAt, new ArrayList<>());
        }

        /** Goes on with another version's work: the same account and entries, this version's rules. */
        Work(Account account, Instant recordedAt, List<SealedEntry> entries) {
            this.account = account;
            this.recordedAt = recordedAt;
            this.entries = entries;
        }

        /** A credit pays outstanding debt first; what is left forms a lot. */
        LedgerEntry credit(EntryKind kind, long points, Instant at, String eventId, Detail.Builder detail) {
            long seq = account.seq() + 1;
            long paid = Math.min(account.debt(), points);
            String entryId = LedgerEntry.entryId(account.customerId(), seq);
            LotRef lot = points - paid > 0 ? new LotRef(entryId, at.plus(program.lotLifetime()), points - paid) : null;
            return append(kind, points, at, eventId, account.tier(), null, null, lot, List.of(),
                    detail.debtPaid(paid).build());
        }

        /**
         * A debit takes from lots first-expiring-first ({@code onlyLot} for an expiry); whatever no lot
         * covers becomes debt, which only a clawback can cause.
         */
        LedgerEntry debit(EntryKind kind, long points, Instant at, String eventId, Detail.Builder detail, String onlyLot) {
            List<Consumption> consumed = new ArrayList<>();
            long needed = points;
            for (Lot lot : account.lotsInConsumptionOrder()) {
                if (needed == 0) {
                    break;
                }
                if (onlyLot == null || onlyLot.equals(lot.id())) {
                    long take = Math.min(needed, lot.remaining());
                    consumed.add(new Consumption(lot.id(), take));
                    needed -= take;
                }
            }
            return append(kind, -points, at, eventId, account.tier(), null, null, null, consumed,
                    detail.debtIncurred(needed).build());
        }

        void tierChange(Tier to, BigDecimal spend, Instant at, String eventId) {
            append(EntryKind.TIER_CHANGED, 0, at, eventId, to.name(), account.tier(), spend, null, List.of(), null);
        }

        private LedgerEntry append(EntryKind kind, long points, Instant at, String eventId, String tier,
                                   String previousTier, BigDecimal spend, LotRef lot, List<Consumption> consumed,
                                   Detail detail) {
            long seq = account.seq() + 1;
            SealedEntry sealed = seal.seal(account.lastHash(), new LedgerEntry(
                    LedgerEntry.entryId(account.customerId(), seq), account.customerId(), seq, kind, points,
                    account.balance() + points, eventId, at, recordedAt, tier, previousTier, spend, lot, consumed,
                    detail, version.entryVersion()));
            account.apply(sealed.entry());
            entries.add(sealed);
            return sealed.entry();
        }
    }
}
