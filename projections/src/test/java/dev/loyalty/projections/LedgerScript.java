package dev.loyalty.projections;

import dev.loyalty.core.account.Account;
import dev.loyalty.core.account.Decider;
import dev.loyalty.core.account.Decision;
import dev.loyalty.core.event.Adjustment;
import dev.loyalty.core.event.Event;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.event.Return;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.LedgerSeal;
import dev.loyalty.core.program.Program;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes ledger entries the way the ledger writer does, with the same {@link Decider}, so the
 * projections are tested on real ledgers rather than hand-made entries.
 */
public final class LedgerScript {

    private final Decider decider;
    private final Map<String, Account> accounts = new HashMap<>();
    private int eventCounter;

    public LedgerScript(Program program) {
        this(program, LedgerSeal.UNKEYED);
    }

    LedgerScript(Program program, LedgerSeal seal) {
        this.decider = new Decider(program, seal);
    }

    List<LedgerEntry> adjust(String customerId, long points, Instant at) {
        return decide(new Adjustment(nextEventId(), customerId, at, "test", points, "goodwill", null), at);
    }

    public List<LedgerEntry> purchase(String customerId, String orderId, String amount, Instant at) {
        return decide(new Purchase(nextEventId(), customerId, at, "test", orderId, new BigDecimal(amount), "USD",
                List.of()), at);
    }

    public List<LedgerEntry> redeem(String customerId, long points, Instant at) {
        return decide(new Redemption(nextEventId(), customerId, at, "test", null, points, null), at);
    }

    public List<LedgerEntry> giveBack(String customerId, String orderId, String amount, Instant at) {
        return decide(new Return(nextEventId(), customerId, at, "test", orderId, new BigDecimal(amount), "USD"), at);
    }

    /** What the writer's punctuation writes for the customer by {@code now}: expiries, downgrades. */
    public List<LedgerEntry> timePasses(String customerId, Instant now) {
        Decision d = decider.tick(account(customerId), now, now);
        accounts.put(customerId, d.after());
        return d.entries();
    }

    private List<LedgerEntry> decide(Event event, Instant at) {
        Decision d = decider.decide(account(event.customerId()), event, at, at);
        if (d.rejection() != null) {
            throw new IllegalArgumentException("script event rejected: " + d.rejection());
        }
        accounts.put(event.customerId(), d.after());
        return d.entries();
    }

    private Account account(String customerId) {
        return accounts.computeIfAbsent(customerId, id -> decider.newAccount(id, Instant.EPOCH));
    }

    private String nextEventId() {
        return "e-" + (++eventCounter);
    }
}
