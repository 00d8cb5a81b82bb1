package dev.loyalty.app.simulate;

import java.util.List;

/** An order the model has published, remembered so that a later return can refer to it. */
final class PlacedOrder {

    final String orderId;
    final List<BasketLine> lines;
    final long amountCents;
    final String source;
    long returnedCents;

    PlacedOrder(String orderId, List<BasketLine> lines, String source) {
        this.orderId = orderId;
        this.lines = List.copyOf(lines);
        this.amountCents = lines.stream().mapToLong(BasketLine::totalCents).sum();
        this.source = source;
    }

    long returnableCents() {
        return amountCents - returnedCents;
    }
}
