package dev.loyalty.core.program;

import java.math.BigDecimal;

/** A tier reached at {@code threshold} of qualifying spend, earning at {@code multiplier}. */
public record Tier(String name, BigDecimal threshold, BigDecimal multiplier) {
}
