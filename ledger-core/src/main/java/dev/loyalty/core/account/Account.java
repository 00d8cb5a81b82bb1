package dev.loyalty.core.account;

import dev.loyalty.core.ledger.Consumption;
import dev.loyalty.core.ledger.EntryKind;
import dev.loyalty.core.ledger.LedgerChain;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RedemptionResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One customer's account: everything the ledger writer needs to decide on the next event. It is
 * the fold of the customer's ledger entries ({@link #apply}) plus the memory of rejected event ids,
 * so it can always be rebuilt from loyalty.ledger.
 */
public final class Account {

    /**
     * The most an account may take in its stored form, whatever its input: far below what a Kafka record
     * may hold, so the account, its changelog record and the largest entry it can cause (a debit naming
     * every lot) all fit. The {@link Decider} refuses an event that would go beyond it.
     */
    public static final int MAX_STORED_BYTES = 256 * 1024;

    private static final Comparator<Lot> FIRST_EXPIRING_FIRST =
            Comparator.comparing(Lot::expiresAt).thenComparing(Lot::id);

    private final String customerId;
    private long seq;
    private long balance;
    private long debt;
    private String tier;
    private final List<Lot> lots;
    private final Map<String, Order> orders;
    private final Map<String, List<Instant>> engagements;
    private final Map<String, Seen> seen;
    /** The hash of the last entry, which the next one chains to. */
    private String lastHash;
    /** The latest {@code occurredAt} of the customer's purchases (EARNED entries), null before the first. */
    private Instant lastPurchaseAt;

    public Account(String customerId, String initialTier) {
        this(customerId, 0, 0, 0, initialTier, new ArrayList<>(), new LinkedHashMap<>(), new HashMap<>(),
                new LinkedHashMap<>(), LedgerChain.GENESIS, null);
    }

    Account(String customerId, long seq, long balance, long debt, String tier, List<Lot> lots,
            Map<String, Order> orders, Map<String, List<Instant>> engagements, Map<String, Seen> seen,
            String lastHash, Instant lastPurchaseAt) {
        this.customerId = customerId;
        this.seq = seq;
        this.balance = balance;
        this.debt = debt;
        this.tier = tier;
        this.lots = new ArrayList<>(lots == null ? List.of() : lots);
        this.orders = new LinkedHashMap<>(orders == null ? Map.of() : orders);
        this.engagements = new HashMap<>(engagements == null ? Map.of() : engagements);
        this.seen = new LinkedHashMap<>(seen == null ? Map.of() : seen);
        this.lastHash = lastHash;
        this.lastPurchaseAt = lastPurchaseAt;
    }

    public Account copy() {
        return new Account(customerId, seq, balance, debt, tier, lots, orders, engagements, seen, lastHash, lastPurchaseAt);
    }

    /** Evolve: the account after one more of its ledger entries. */
    public Account apply(LedgerEntry e) {
        seq = e.seq();
        lastHash = e.hash();
        balance = e.balanceAfter();
        tier = e.tier();
        if (e.points() > 0) {
            long paid = Math.min(debt, e.points());
            debt -= paid;
            if (e.lot() != null) {
                lots.add(new Lot(e.lot().id(), e.lot().expiresAt(), e.lot().points()));
                lots.sort(FIRST_EXPIRING_FIRST);
            }
        } else if (e.points() < 0) {
            long fromLots = 0;
            for (Consumption c : e.consumedOrEmpty()) {
                take(c.lot(), c.points());
                fromLots += c.points();
            }
            debt += -e.points() - fromLots;
        }
        switch (e.kind()) {
            case EARNED -> {
                orders.put(e.detail().orderId(), new Order(e.occurredAt(), e.detail().amount(), e.points(), List.of(), 0));
                if (lastPurchaseAt == null || e.occurredAt().isAfter(lastPurchaseAt)) {
                    lastPurchaseAt = e.occurredAt();
                }
            }
            case CLAWED_BACK -> orders.computeIfPresent(e.detail().orderId(),
                    (id, o) -> o.withRefund(new Refund(e.occurredAt(), e.detail().returnedAmount()), -e.points()));
            // A campaign's bonus names no engagement action and counts against no engagement limit.
            case BONUS -> {
                if (e.detail().action() != null) {
                    List<Instant> times = new ArrayList<>(engagements.getOrDefault(e.detail().action(), List.of()));
                    times.add(e.occurredAt());
                    engagements.put(e.detail().action(), List.copyOf(times));
                }
            }
            default -> {
            }
        }
        if (e.sourceEventId() != null) {
            Instant at = e.recordedAt() != null && e.recordedAt().isAfter(e.occurredAt()) ? e.recordedAt() : e.occurredAt();
            RedemptionResult result = e.kind() == EntryKind.REDEEMED ? RedemptionResult.accepted(e) : null;
            seen.putIfAbsent(e.sourceEventId(), new Seen(at, result));
        }
        return this;
    }

    private void take(String lotId, long points) {
        for (int i = 0; i < lots.size(); i++) {
            Lot lot = lots.get(i);
            if (lot.id().equals(lotId)) {
                long left = lot.remaining() - points;
                if (left < 0) {
                    throw new IllegalStateException("entry takes " + points + " from lot " + lotId + " holding "
                            + lot.remaining());
                }
                if (left == 0) {
                    lots.remove(i);
                } else {
                    lots.set(i, new Lot(lot.id(), lot.expiresAt(), left));
                }
                return;
            }
        }
        throw new IllegalStateException("entry takes points from lot " + lotId + " which " + customerId + " does not hold");
    }

    /** Remembers a decision that wrote no entry (a rejection), so a re-delivery gets the same answer. */
    public void remember(String eventId, Instant at, RedemptionResult result) {
        seen.putIfAbsent(eventId, new Seen(at, result));
    }

    /** Forgets what no rule needs any more: old event ids, old orders, old engagement awards. */
    public void forget(Instant dedupBefore, Instant ordersBefore, Map<String, Instant> engagementBefore) {
        seen.values().removeIf(s -> s.at().isBefore(dedupBefore));
        orders.values().removeIf(o -> o.purchasedAt().isBefore(ordersBefore));
        for (Map.Entry<String, Instant> cut : engagementBefore.entrySet()) {
            List<Instant> times = engagements.get(cut.getKey());
            if (times != null && times.stream().anyMatch(t -> t.isBefore(cut.getValue()))) {
                List<Instant> kept = times.stream().filter(t -> !t.isBefore(cut.getValue())).toList();
                if (kept.isEmpty()) {
                    engagements.remove(cut.getKey());
                } else {
                    engagements.put(cut.getKey(), kept);
                }
            }
        }
    }

    public String customerId() {
        return customerId;
    }

    public long seq() {
        return seq;
    }

    public long balance() {
        return balance;
    }

    /** Points clawed back that no lot could pay for; later credits pay it first. */
    public long debt() {
        return debt;
    }

    public String tier() {
        return tier;
    }

    public String lastHash() {
        return lastHash;
    }

    /** The latest {@code occurredAt} of the customer's purchases, null when they never purchased. */
    public Instant lastPurchaseAt() {
        return lastPurchaseAt;
    }

    /** Unspent lots, first-expiring-first. */
    public List<Lot> lots() {
        return List.copyOf(lots);
    }

    public Map<String, Order> orders() {
        return Map.copyOf(orders);
    }

    public Map<String, List<Instant>> engagements() {
        return Map.copyOf(engagements);
    }

    public Map<String, Seen> seen() {
        return Map.copyOf(seen);
    }

    public long lotPoints() {
        long sum = 0;
        for (Lot lot : lots) {
            sum += lot.remaining();
        }
        return sum;
    }

    public Lot firstExpiringLot() {
        return lots.isEmpty() ? null : lots.get(0);
    }

    List<Lot> lotsInConsumptionOrder() {
        return lots;
    }

    Map<String, Order> orderMap() {
        return orders;
    }

    Map<String, List<Instant>> engagementMap() {
        return engagements;
    }

    Map<String, Seen> seenMap() {
        return seen;
    }

    Order order(String orderId) {
        return orders.get(orderId);
    }

    Iterable<Order> orderHistory() {
        return orders.values();
    }

    List<Instant> engagementTimes(String action) {
        return engagements.getOrDefault(action, List.of());
    }

    public boolean hasSeen(String eventId) {
        return seen.containsKey(eventId);
    }

    Seen seen(String eventId) {
        return seen.get(eventId);
    }

    public byte[] toBytes() {
        return AccountCodec.encode(this);
    }

    public static Account fromBytes(byte[] bytes, int offset) {
        return AccountCodec.decode(bytes, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && seq == a.seq && balance == a.balance && debt == a.debt
                && customerId.equals(a.customerId) && Objects.equals(tier, a.tier) && lots.equals(a.lots)
                && orders.equals(a.orders) && engagements.equals(a.engagements) && seen.equals(a.seen)
                && Objects.equals(lastHash, a.lastHash) && Objects.equals(lastPurchaseAt, a.lastPurchaseAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, seq, balance);
    }

    @Override
    public String toString() {
        return "Account{" + customerId + " seq=" + seq + " balance=" + balance + " debt=" + debt + " tier=" + tier
                + " lots=" + lots + "}";
    }
}
