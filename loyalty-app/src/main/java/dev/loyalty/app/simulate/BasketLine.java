package dev.loyalty.app.simulate;

/** One line of a simulated basket; the unit price varies a little around the shelf price. */
record BasketLine(Product product, long quantity, long unitPriceCents) {

    long totalCents() {
        return quantity * unitPriceCents;
    }
}
