package dev.loyalty.core.account;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RedemptionResult;
import java.util.List;

/**
 * What the account made of one event: the entries to append (time-driven entries that fell due
 * first, then the event's own), the account after them, and, when the event was not applied, why.
 *
 * @param duplicate the eventId was already decided; nothing of the event was applied again
 * @param rejection null when the event was applied (or was a duplicate)
 * @param redemptionResult set for redemptions, including the original result for a duplicate
 */
public record Decision(List<LedgerEntry> entries, Account after, boolean duplicate, Rejection rejection,
                       RedemptionResult redemptionResult) {

    public Decision {
        entries = List.copyOf(entries);
    }

    /** A business rule refused the event. */
    public record Rejection(RejectReason reason, String message) {
    }
}
