package dev.loyalty.app.simulate;

/** A shelf item the simulated shops sell; prices are in cents so every amount stays exact. */
record Product(String sku, String category, long priceCents) {
}
