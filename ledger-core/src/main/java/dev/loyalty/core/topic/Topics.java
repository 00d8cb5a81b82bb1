package dev.loyalty.core.topic;

import java.util.List;

/** The topic names of SPEC section 1, under a configurable prefix ({@code loyalty.} by default). */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "loyalty.";

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String events() {
        return prefix + "events";
    }

    public String ledger() {
        return prefix + "ledger";
    }

    public String redemptionResults() {
        return prefix + "redemption-results";
    }

    public String rejections() {
        return prefix + "rejections";
    }

    public String tierChanges() {
        return prefix + "tier-changes";
    }

    public String expiryWarnings() {
        return prefix + "expiry-warnings";
    }

    public String churnSignals() {
        return prefix + "churn-signals";
    }

    /** The program versions (SPEC section 8), compacted: one record per version number. */
    public String program() {
        return prefix + "program";
    }

    /** Every topic the system reads or writes, the ledger first. */
    public List<String> all() {
        return List.of(ledger(), events(), redemptionResults(), rejections(), tierChanges(), expiryWarnings(),
                churnSignals(), program());
    }
}
