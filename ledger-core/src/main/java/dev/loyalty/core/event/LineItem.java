package dev.loyalty.core.event;

import java.math.BigDecimal;

/** One basket line; {@code category} may be null and then matches only campaigns without categories. */
public record LineItem(String sku, String category, long quantity, BigDecimal unitPrice) {

    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
