package dev.loyalty.writer;

import dev.loyalty.core.program.Program;
import dev.loyalty.core.program.ProgramLoader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random program life for a handful of customers: purchases (some with baskets, some backfilled),
 * returns, redemptions, adjustments, engagement, re-deliveries, bad input and the passing of time,
 * under the default program or one with campaigns of every kind.
 */
final class Scenario {

    static final String[] ACTIONS = {"review", "referral", "signup", "birthday"};
    static final String[] REWARDS = {"free-coffee", "free-shipping", "voucher-10", "no-such-reward"};

    /**
     * The default tiers and rules with every kind of campaign condition, windows placed in the
     * scenarios' time: category and tier-limited multipliers that overlap, win-back multiplier and
     * bonus, a welcome bonus, and a time-boxed category bonus.
     */
    static final Program CAMPAIGNS = ProgramLoader.parse("scenario", """
            {"version":"scenario-campaigns","campaigns":[
              {"id":"coffee-double","multiplier":"2","categories":["beverage"]},
              {"id":"silver-more","multiplier":"1.5","minTier":"SILVER"},
              {"id":"gold-coffee","multiplier":"3","minTier":"GOLD","categories":["beverage"],"from":"2026-04-01T00:00:00Z"},
              {"id":"win-back","multiplier":"3","inactiveDays":30},
              {"id":"come-back","bonus":150,"inactiveDays":60},
              {"id":"welcome","bonus":100,"firstPurchase":true},
              {"id":"grocery-bonus","bonus":20,"categories":["grocery"],
               "from":"2026-04-01T00:00:00Z","until":"2026-09-01T00:00:00Z"}]}""".getBytes(StandardCharsets.UTF_8));

    static Arbitrary<Program> programs() {
        return Arbitraries.of(Program.defaults(), CAMPAIGNS);
    }

    /** One step of the scenario. */
    sealed interface Op permits Purchase, Refund, Redeem, Adjust, Engage, Redeliver, Garbage, Advance {
    }

    record Purchase(int customer, long cents, boolean basket, int backfillDays) implements Op {
    }

    record Refund(int customer, int orderPick, int percent) implements Op {
    }

    record Redeem(int customer, int reward, long points) implements Op {
    }

    record Adjust(int customer, long points) implements Op {
    }

    record Engage(int customer, int action) implements Op {
    }

    record Redeliver(int pick) implements Op {
    }

    record Garbage(int customer, int kind) implements Op {
    }

    record Advance(int hours) implements Op {
    }

    static Arbitrary<List<Op>> ops(int customers) {
        Arbitrary<Integer> customer = Arbitraries.integers().between(0, customers - 1);
        Arbitrary<Op> purchase = Combinators.combine(customer, Arbitraries.longs().between(1, 150_000),
                        Arbitraries.of(true, false), Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(8, 0), net.jqwik.api.Tuple.of(1, 200), net.jqwik.api.Tuple.of(1, 380)))
                .as(Purchase::new);
        Arbitrary<Op> refund = Combinators.combine(customer, Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(1, 100)).as(Refund::new);
        Arbitrary<Op> redeem = Combinators.combine(customer, Arbitraries.integers().between(-1, 3),
                Arbitraries.longs().between(1, 1500)).as(Redeem::new);
        Arbitrary<Op> adjust = Combinators.combine(customer, Arbitraries.longs().between(-400, 400)
                .filter(p -> p != 0)).as(Adjust::new);
        Arbitrary<Op> engage = Combinators.combine(customer, Arbitraries.integers().between(0, ACTIONS.length - 1))
                .as(Engage::new);
        Arbitrary<Op> redeliver = Arbitraries.integers().between(0, 1000).map(Redeliver::new);
        Arbitrary<Op> garbage = Combinators.combine(customer, Arbitraries.integers().between(0, 4)).as(Garbage::new);
        Arbitrary<Op> advance = Arbitraries.integers().between(1, 24 * 120).map(Advance::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, purchase),
                net.jqwik.api.Tuple.of(6, refund),
                net.jqwik.api.Tuple.of(7, redeem),
                net.jqwik.api.Tuple.of(2, adjust),
                net.jqwik.api.Tuple.of(3, engage),
                net.jqwik.api.Tuple.of(2, redeliver),
                net.jqwik.api.Tuple.of(1, garbage),
                net.jqwik.api.Tuple.of(4, advance)).list().ofMinSize(1).ofMaxSize(120);
    }

    /** A record as published: key and value, or a wall-clock move. */
    record Input(String key, String value, Duration advance) {
    }

    /** Turns ops into inputs; pure, so the same ops always give the same inputs. */
    static List<Input> inputs(List<Op> ops, Instant start) {
        List<Input> out = new ArrayList<>();
        List<Input> published = new ArrayList<>();
        List<Instant> publishedAt = new ArrayList<>();
        Map<Integer, List<long[]>> orders = new HashMap<>();
        Instant clock = start;
        int n = 0;
        for (Op op : ops) {
            n++;
            String id = "ev-" + n;
            Input input = null;
            if (op instanceof Advance a) {
                clock = clock.plus(Duration.ofHours(a.hours()));
                out.add(new Input(null, null, Duration.ofHours(a.hours())));
            } else if (op instanceof Purchase p) {
                String c = cid(p.customer());
                String amount = money(p.cents());
                Instant at = clock.minus(Duration.ofDays(p.backfillDays()));
                String order = "o-" + n;
                orders.computeIfAbsent(p.customer(), k -> new ArrayList<>()).add(new long[] {n, p.cents()});
                input = new Input(c, p.basket() && p.cents() > 1
                        ? Events.purchaseWithItems(id, c, at, order, amount, basket(p.cents()))
                        : Events.purchase(id, c, at, order, amount), null);
            } else if (op instanceof Refund r) {
                String c = cid(r.customer());
                List<long[]> mine = orders.getOrDefault(r.customer(), List.of());
                long[] order = mine.isEmpty() ? new long[] {999_999, 1000} : mine.get(r.orderPick() % mine.size());
                long cents = Math.max(1, order[1] * r.percent() / 100);
                input = new Input(c, Events.refund(id, c, clock, "o-" + order[0], money(cents)), null);
            } else if (op instanceof Redeem r) {
                String c = cid(r.customer());
                input = new Input(c, r.reward() < 0
                        ? Events.redeemPoints(id, c, clock, r.points())
                        : Events.redeemReward(id, c, clock, REWARDS[r.reward()]), null);
            } else if (op instanceof Adjust a) {
                String c = cid(a.customer());
                input = new Input(c, Events.adjustment(id, c, clock, a.points(), "property test"), null);
            } else if (op instanceof Engage e) {
                String c = cid(e.customer());
                input = new Input(c, Events.engagement(id, c, clock, ACTIONS[e.action()]), null);
            } else if (op instanceof Redeliver r) {
                // Re-deliveries within the dedup retention (90 days) must change nothing; later ones may apply again.
                List<Input> recent = new ArrayList<>();
                for (int i = 0; i < published.size(); i++) {
                    if (publishedAt.get(i).isAfter(clock.minus(Duration.ofDays(80)))) {
                        recent.add(published.get(i));
                    }
                }
                if (!recent.isEmpty()) {
                    out.add(recent.get(r.pick() % recent.size()));
                }
            } else if (op instanceof Garbage g) {
                String c = cid(g.customer());
                String value = switch (g.kind()) {
                    case 0 -> "{\"eventId\":";
                    case 1 -> "[]";
                    case 2 -> Events.purchase(id, c, clock, "o-x", "12.345");
                    case 3 -> Events.purchase(id, "someone-else", clock, "o-x", "1.00");
                    default -> "{\"eventId\":\"" + id + "\",\"type\":\"teleport\",\"customerId\":\"" + c
                            + "\",\"occurredAt\":\"" + clock + "\"}";
                };
                out.add(new Input(c, value, null));
            }
            if (input != null) {
                out.add(input);
                published.add(input);
                publishedAt.add(clock);
            }
        }
        return out;
    }

    private static String basket(long cents) {
        long first = cents / 3;
        long second = cents - first * 2;
        return "[{\"sku\":\"a\",\"category\":\"beverage\",\"quantity\":2,\"unitPrice\":\"" + money(first) + "\"},"
                + "{\"sku\":\"b\",\"category\":\"grocery\",\"quantity\":1,\"unitPrice\":\"" + money(second) + "\"}]";
    }

    static String cid(int customer) {
        return "c-" + customer;
    }

    static String money(long cents) {
        return (cents / 100) + "." + String.format("%02d", cents % 100);
    }
}
