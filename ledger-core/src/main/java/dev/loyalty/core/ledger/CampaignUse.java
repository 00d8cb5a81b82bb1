package dev.loyalty.core.ledger;

import java.math.BigDecimal;

/** A campaign that raised the points of a purchase, and the part of the amount it applied to. */
public record CampaignUse(String id, BigDecimal multiplier, BigDecimal amount) {
}
