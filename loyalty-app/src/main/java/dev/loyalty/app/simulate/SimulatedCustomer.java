package dev.loyalty.app.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * A member of the simulated population: the traits drawn once from the seed, and what the model
 * remembers of them. The points balance is the model's own rough estimate (no expiry, no exact tier
 * multipliers), so a redemption now and then asks for more than the ledger holds, as real ones do.
 */
final class SimulatedCustomer {

    final String id;
    final double meanDaysBetweenPurchases;
    final double meanBasketLines;
    final boolean bigSpender;
    /** Chance of redeeming after a purchase when the balance allows; 0 for hoarders, whose points expire. */
    final double redeemPropensity;
    final String homeStore;
    final int birthdayDayOfYear;
    /** How long after joining the customer drifts away and stops buying; null for loyal customers. */
    final Duration staysFor;
    /** How long a drifted-away customer stays away; null when they never come back. */
    final Duration awayFor;
    Instant churnAt;
    Instant comebackAt;

    int orders;
    long estimatedPoints;
    long netSpendCents;

    SimulatedCustomer(String id, double meanDaysBetweenPurchases, double meanBasketLines, boolean bigSpender,
                      double redeemPropensity, String homeStore, int birthdayDayOfYear,
                      Duration staysFor, Duration awayFor) {
        this.id = id;
        this.meanDaysBetweenPurchases = meanDaysBetweenPurchases;
        this.meanBasketLines = meanBasketLines;
        this.bigSpender = bigSpender;
        this.redeemPropensity = redeemPropensity;
        this.homeStore = homeStore;
        this.birthdayDayOfYear = birthdayDayOfYear;
        this.staysFor = staysFor;
        this.awayFor = awayFor;
    }

    /** Fixes the churn dates once the customer's first appearance is known. */
    void join(Instant at) {
        if (staysFor != null) {
            churnAt = at.plus(staysFor);
            comebackAt = awayFor == null ? null : churnAt.plus(awayFor);
        }
    }

    boolean hasDriftedAway(Instant now) {
        return churnAt != null && !now.isBefore(churnAt);
    }
}
