package dev.loyalty.core.ledger;

/** Points a debit took from one lot. */
public record Consumption(String lot, long points) {
}
