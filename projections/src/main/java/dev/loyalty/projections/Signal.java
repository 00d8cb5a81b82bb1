package dev.loyalty.projections;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.loyalty.core.topic.Topics;
import java.time.Instant;

/** A message for marketing. Its {@code signalId} is derived from the ledger alone, so a replay repeats it. */
public sealed interface Signal permits TierChange, ExpiryWarning, ChurnSignal {

    String signalId();

    String customerId();

    /** The business time the signal is about: the entry that caused it, or when it fell due. */
    Instant at();

    /** The topic this kind of signal goes to. */
    String topic(Topics topics);

    /** The record's JSON (SPEC section 5), as the topic carries it. */
    @JsonIgnore
    byte[] toJson();
}
