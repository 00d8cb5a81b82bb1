package dev.loyalty.projections;

import dev.loyalty.core.ledger.LedgerEntry;
import dev.loyalty.core.program.Program;
import dev.loyalty.core.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;

/** A record of loyalty.tier-changes (SPEC section 5), one per TIER_CHANGED entry. */
public record TierChange(String signalId, String customerId, String from, String to, String direction,
                         BigDecimal qualifyingSpend, Instant at) implements Signal {

    static TierChange of(LedgerEntry e, Program program) {
        String direction = program.tierIndex(e.tier()) > program.tierIndex(e.previousTier()) ? "UP" : "DOWN";
        return new TierChange(e.customerId() + ":tier:" + e.seq(), e.customerId(), e.previousTier(), e.tier(),
                direction, e.qualifyingSpend(), e.occurredAt());
    }

    @Override
    public byte[] toJson() {
        return SignalJson.write(out -> out.text("signalId", signalId).text("customerId", customerId).text("from", from)
                .text("to", to).text("direction", direction).money("qualifyingSpend", qualifyingSpend).instant("at", at));
    }

    @Override
    public String topic(Topics topics) {
        return topics.tierChanges();
    }
}
