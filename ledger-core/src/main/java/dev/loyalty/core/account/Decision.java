package dev.loyalty.core.account;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.ledger.RedemptionResult;
import dev.loyalty.core.ledger.SealedEntry;
import java.util.List;

/**
 * What the account made of one event: the entries to append (time-driven entries that fell due
 * first, then the event's own), the account after them, and, when the event was not applied, why.
 *
 * @param appended the entries sealed, each with the bytes of its ledger record
 * @param stored {@code after} in its stored form ({@link AccountCodec}), encoded once: the decision checks the
 *     account's bound on these bytes, and the writer stores them
 * @param duplicate the eventId was already decided; nothing of the event was applied again
 * @param rejection null when the event was applied (or was a duplicate)
 * @param redemptionResult set for redemptions, including the original result for a duplicate
 */
public record Decision(List<SealedEntry> appended, Account after, byte[] stored, boolean duplicate,
                       Rejection rejection, RedemptionResult redemptionResult) {

    public Decision {
        appended = List.copyOf(appended);
    }

    /** The entries to append, in order. */
    public List<LedgerEntry> entries() {
        return appended.stream().map(SealedEntry::entry).toList();
    }

    /** A business rule refused the event. */
    public record Rejection(RejectReason reason, String message) {
    }
}
