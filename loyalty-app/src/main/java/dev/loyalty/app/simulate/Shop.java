package dev.loyalty.app.simulate;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The assortment of the simulated retailer. Everyday items are cheap and frequent, a few are expensive;
 * big spenders lean towards the expensive end, which is what carries them into the upper tiers.
 */
final class Shop {

    private static final List<Product> PRODUCTS = List.of(
            new Product("latte", "beverage", 425),
            new Product("tea", "beverage", 350),
            new Product("juice", "beverage", 520),
            new Product("bread", "grocery", 380),
            new Product("cheese", "grocery", 890),
            new Product("beans", "grocery", 1250),
            new Product("mug", "home", 1100),
            new Product("pan", "home", 3850),
            new Product("lamp", "home", 4500),
            new Product("face-cream", "beauty", 2200),
            new Product("t-shirt", "apparel", 1990),
            new Product("jeans", "apparel", 5900),
            new Product("jacket", "apparel", 12900),
            new Product("charger", "electronics", 2490),
            new Product("headphones", "electronics", 8900),
            new Product("speaker", "electronics", 14900));

    private final double[] everydayWeights;
    private final double[] premiumWeights;

    Shop() {
        everydayWeights = weights(-0.8);
        premiumWeights = weights(0.3);
    }

    /** One product, drawn by popularity: everyday shoppers favour cheap items, big spenders pricey ones. */
    Product pick(RandomGenerator random, boolean bigSpender) {
        double[] weights = bigSpender ? premiumWeights : everydayWeights;
        double r = random.nextDouble() * weights[weights.length - 1];
        for (int i = 0; i < weights.length; i++) {
            if (r < weights[i]) {
                return PRODUCTS.get(i);
            }
        }
        return PRODUCTS.get(PRODUCTS.size() - 1);
    }

    /** Cumulative weights proportional to price^exponent. */
    private static double[] weights(double exponent) {
        double[] cumulative = new double[PRODUCTS.size()];
        double sum = 0;
        for (int i = 0; i < PRODUCTS.size(); i++) {
            sum += Math.pow(PRODUCTS.get(i).priceCents() / 100.0, exponent);
            cumulative[i] = sum;
        }
        return cumulative;
    }
}
