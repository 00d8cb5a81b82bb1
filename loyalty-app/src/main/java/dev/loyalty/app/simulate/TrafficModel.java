package dev.loyalty.app.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import dev.loyalty.core.program.Program;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * A deterministic model of a loyalty program's traffic: a population of customers, each with their
 * own cadence, basket and habits, acting along a simulated timeline. {@link #next()} returns the
 * next event in business-time order; the same seed and settings give the same sequence, byte for byte
 * in accelerated mode.
 *
 * <p>Every event is scheduled as an action on a single queue ordered by simulated time, so each
 * customer's events come out in chronological order and a return always follows its purchase.
 */
public final class TrafficModel {

    static final double BAD_EVENT_SHARE = 0.005;
    static final double DUPLICATE_SHARE = 0.005;
    static final double BIG_SPENDER_SHARE = 0.12;
    static final double HOARDER_SHARE = 0.3;
    static final double RETURN_SHARE = 0.08;
    static final double CHURNER_SHARE = 0.15;
    static final double COMEBACK_SHARE = 0.35;
    static final double REVIEW_SHARE = 0.12;
    static final double REFERRAL_SHARE = 0.02;
    static final double OVER_REDEMPTION_SHARE = 0.04;
    private static final int RECENT_EVENTS = 1024;
    private static final int STORES = 40;
    private static final String UNKNOWN_TYPE = "gift-card-load";
    private static final String FOREIGN_CURRENCY = "EUR";

    private enum Step { JOIN, PURCHASE, RETURN, REDEEM, REVIEW, REFERRAL, BIRTHDAY }

    private record Action(Instant at, long sequence, SimulatedCustomer customer, Step step, PlacedOrder order) {
    }

    private final long seed;
    private final Program program;
    private final RandomGenerator random;
    private final Shop shop = new Shop();
    private final List<SimulatedCustomer> customers;
    private final List<String> rewardIds;
    private final PriorityQueue<Action> actions = new PriorityQueue<>(
            Comparator.comparing(Action::at).thenComparingLong(Action::sequence));
    private final SimulatedEvent[] recent = new SimulatedEvent[RECENT_EVENTS];
    private final UnaryOperator<Instant> occurredAt;
    private final Instant start;
    private long recentCount;
    private long actionSequence;
    private long eventNumber;
    private int joinedCustomers;
    private Instant now;

    private TrafficModel(long seed, int customers, Instant start, Program program, UnaryOperator<Instant> occurredAt) {
        if (customers < 1) {
            throw new IllegalArgumentException("the population needs at least one customer, got " + customers);
        }
        this.seed = seed;
        this.program = program;
        this.random = new SplittableRandom(seed);
        this.start = start.truncatedTo(ChronoUnit.SECONDS);
        this.now = this.start;
        this.occurredAt = occurredAt;
        this.rewardIds = program.rewards().keySet().stream().sorted().toList();
        this.customers = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            SimulatedCustomer customer = drawCustomer(i);
            this.customers.add(customer);
            schedule(customer, Step.JOIN, joinTime(), null);
        }
    }

    /**
     * A year (or any span) of program life in accelerated time: {@code occurredAt} follows the simulated
     * timeline from {@code start}, however fast the events are published.
     */
    public static TrafficModel accelerated(long seed, int customers, Instant start, Program program) {
        return new TrafficModel(seed, customers, start, program, UnaryOperator.identity());
    }

    /**
     * Load traffic: the same behaviour, but every event is stamped with the wall clock when it is
     * generated, so the ledger sees it as happening now.
     */
    public static TrafficModel live(long seed, int customers, Clock clock, Program program) {
        return new TrafficModel(seed, customers, clock.instant(), program,
                simulated -> clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    public long seed() {
        return seed;
    }

    public Instant start() {
        return start;
    }

    /** Customers who have appeared (signed up) so far. */
    public int joinedCustomers() {
        return joinedCustomers;
    }

    /** The next event: mostly customer behaviour, now and then a malformed event or a re-delivery. */
    public SimulatedEvent next() {
        if (recentCount > 0 && random.nextDouble() < DUPLICATE_SHARE) {
            return redelivery();
        }
        if (random.nextDouble() < BAD_EVENT_SHARE) {
            return badEvent();
        }
        while (true) {
            Action action = actions.remove();
            now = action.at();
            SimulatedEvent event = perform(action);
            if (event != null) {
                recent[(int) (recentCount++ % RECENT_EVENTS)] = event;
                return event;
            }
        }
    }

    private SimulatedCustomer drawCustomer(int index) {
        boolean bigSpender = random.nextDouble() < BIG_SPENDER_SHARE;
        // Log-normal: most customers come every two or three weeks, a long tail rarely, a few weekly.
        double meanGap = clamp(Math.exp(Math.log(21) + 0.7 * random.nextGaussian()), 3, 60);
        if (bigSpender) {
            meanGap = Math.max(3, meanGap * 0.6);
        }
        double basketLines = bigSpender ? 2.5 + random.nextDouble() * 2 : 1.0 + random.nextDouble() * 1.6;
        double redeemPropensity = random.nextDouble() < HOARDER_SHARE ? 0 : 0.05 + random.nextDouble() * 0.25;
        String homeStore = "pos-store-" + (1 + random.nextInt(STORES));
        int birthday = 1 + random.nextInt(365);
        Duration staysFor = null;
        Duration awayFor = null;
        if (random.nextDouble() < CHURNER_SHARE) {
            staysFor = days(30 + random.nextDouble() * 240);
            if (random.nextDouble() < COMEBACK_SHARE) {
                // Away longer than the lapse period, so the ledger sees LAPSED and then REACTIVATED.
                awayFor = days(75 + random.nextDouble() * 75);
            }
        }
        return new SimulatedCustomer("sim-" + seed + "-c" + index, meanGap, basketLines, bigSpender, redeemPropensity,
                homeStore, birthday, staysFor, awayFor);
    }

    /** Half the population shows up in the first two weeks, the rest joins over the first eight months. */
    private Instant joinTime() {
        double day = random.nextBoolean() ? random.nextDouble() * 14 : random.nextDouble() * 240;
        return start.plus(days(day));
    }

    private SimulatedEvent perform(Action action) {
        SimulatedCustomer customer = action.customer();
        return switch (action.step()) {
            case JOIN -> join(customer);
            case PURCHASE -> purchase(customer);
            case RETURN -> giveBack(customer, action.order());
            case REDEEM -> redeem(customer);
            case REVIEW -> engagement(customer, "review", "review-" + customer.orders, "web");
            case REFERRAL -> engagement(customer, "referral", "friend-" + eventNumber, "app");
            case BIRTHDAY -> birthday(customer);
        };
    }

    private SimulatedEvent join(SimulatedCustomer customer) {
        customer.join(now);
        joinedCustomers++;
        schedule(customer, Step.PURCHASE, now.plus(days(random.nextDouble() * 2)), null);
        schedule(customer, Step.BIRTHDAY, nextBirthday(customer), null);
        return engagement(customer, "signup", null, random.nextBoolean() ? "web" : customer.homeStore);
    }

    private SimulatedEvent purchase(SimulatedCustomer customer) {
        if (customer.hasDriftedAway(now)) {
            if (customer.comebackAt != null) {
                schedule(customer, Step.PURCHASE, customer.comebackAt, null);
                customer.churnAt = null;
                customer.comebackAt = null;
            }
            return null;
        }
        customer.orders++;
        PlacedOrder order = new PlacedOrder("o" + customer.orders, basket(customer),
                random.nextDouble() < 0.65 ? customer.homeStore : "web");
        long multiplierPercent = tierMultiplierPercent(customer);
        customer.netSpendCents += order.amountCents;
        customer.estimatedPoints += order.amountCents / 100 * multiplierPercent / 100;

        schedule(customer, Step.PURCHASE, now.plus(gapToNextPurchase(customer)), null);
        if (random.nextDouble() < RETURN_SHARE) {
            schedule(customer, Step.RETURN, now.plus(days(1 + random.nextDouble() * 29)), order);
        }
        if (random.nextDouble() < customer.redeemPropensity && customer.estimatedPoints >= cheapestReward()) {
            schedule(customer, Step.REDEEM, now.plus(Duration.ofMinutes(1 + random.nextInt(90))), null);
        }
        if (random.nextDouble() < REVIEW_SHARE) {
            schedule(customer, Step.REVIEW, now.plus(days(1 + random.nextDouble() * 6)), null);
        }
        if (random.nextDouble() < REFERRAL_SHARE) {
            schedule(customer, Step.REFERRAL, now.plus(days(random.nextDouble() * 10)), null);
        }
        ObjectNode json = EventJson.purchase(common(customer, "purchase", order.source), order.orderId, order.lines,
                program.currency());
        return event(Kind.PURCHASE, customer, json);
    }

    private List<BasketLine> basket(SimulatedCustomer customer) {
        int lineCount = 1;
        while (lineCount < 8 && random.nextDouble() < 1 - 1 / customer.meanBasketLines) {
            lineCount++;
        }
        List<BasketLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++) {
            Product product = shop.pick(random, customer.bigSpender);
            long quantity = random.nextDouble() < 0.8 ? 1 : 2 + random.nextInt(3);
            // Prices vary by a few percent around the shelf price (promotions, store pricing).
            long unitPrice = Math.max(50, Math.round(product.priceCents() * (0.92 + random.nextDouble() * 0.16)));
            lines.add(new BasketLine(product, quantity, unitPrice));
        }
        return lines;
    }

    private Duration gapToNextPurchase(SimulatedCustomer customer) {
        double gap = customer.meanDaysBetweenPurchases * Math.exp(0.45 * random.nextGaussian() - 0.1)
                / seasonalFactor(now);
        return days(Math.max(0.25, gap));
    }

    /** Shopping peaks before the holidays and slumps in January. */
    private static double seasonalFactor(Instant at) {
        return switch (at.atOffset(ZoneOffset.UTC).getMonth()) {
            case NOVEMBER, DECEMBER -> 1.8;
            case JANUARY -> 0.8;
            default -> 1.0;
        };
    }

    /** A full return, or a partial one: the last line, one unit of a multi-unit line, or a price adjustment. */
    private SimulatedEvent giveBack(SimulatedCustomer customer, PlacedOrder order) {
        long amount;
        if (random.nextDouble() < 0.55) {
            amount = order.returnableCents();
        } else if (order.lines.size() > 1) {
            amount = order.lines.get(order.lines.size() - 1).totalCents();
        } else if (order.lines.get(0).quantity() > 1) {
            amount = order.lines.get(0).unitPriceCents();
        } else {
            amount = Math.max(1, order.amountCents * (20 + random.nextInt(31)) / 100);
        }
        amount = Math.min(amount, order.returnableCents());
        order.returnedCents += amount;
        customer.netSpendCents -= amount;
        customer.estimatedPoints -= amount / 100;
        ObjectNode json = EventJson.orderAmount(common(customer, "return", order.source), order.orderId, amount,
                program.currency());
        return event(Kind.RETURN, customer, json);
    }

    /**
     * Mostly catalog rewards, sometimes pay-with-points; a few ask for more than the balance, because
     * the customer misremembers or points expired meanwhile.
     */
    private SimulatedEvent redeem(SimulatedCustomer customer) {
        String source = random.nextDouble() < 0.7 ? customer.homeStore : "web";
        ObjectNode common = common(customer, "redemption", source);
        long balance = customer.estimatedPoints;
        if (random.nextDouble() < OVER_REDEMPTION_SHARE) {
            return event(Kind.REDEMPTION, customer,
                    EventJson.pointsRedemption(common, Math.max(10, balance) + 10 + random.nextInt(300), "pay-with-points"));
        }
        List<String> affordable = rewardIds.stream().filter(id -> program.rewards().get(id) <= balance).toList();
        if (affordable.isEmpty() || random.nextDouble() < 0.25) {
            long points = Math.max(10, Math.round(balance * (0.2 + random.nextDouble() * 0.6) / 10) * 10);
            customer.estimatedPoints -= points;
            String note = random.nextDouble() < 0.15 ? "charity-donation" : "pay-with-points";
            return event(Kind.REDEMPTION, customer, EventJson.pointsRedemption(common, points, note));
        }
        String rewardId = affordable.get(random.nextInt(affordable.size()));
        customer.estimatedPoints -= program.rewards().get(rewardId);
        return event(Kind.REDEMPTION, customer, EventJson.rewardRedemption(common, rewardId));
    }

    private SimulatedEvent birthday(SimulatedCustomer customer) {
        schedule(customer, Step.BIRTHDAY, nextBirthday(customer), null);
        return engagement(customer, "birthday", "birthday-" + now.atOffset(ZoneOffset.UTC).getYear(), "crm");
    }

    private SimulatedEvent engagement(SimulatedCustomer customer, String action, String reference, String source) {
        customer.estimatedPoints += program.engagement().get(action).points();
        ObjectNode json = EventJson.engagement(common(customer, "engagement", source), action, reference);
        return event(Kind.ENGAGEMENT, customer, json);
    }

    /** A re-delivery of a recent event: same key, same bytes, same eventId, as an at-least-once producer sends. */
    private SimulatedEvent redelivery() {
        int window = (int) Math.min(recentCount, RECENT_EVENTS);
        SimulatedEvent original = recent[(int) ((recentCount - 1 - random.nextInt(window)) % RECENT_EVENTS)];
        return new SimulatedEvent(Kind.DUPLICATE, original.eventId(), original.key(), original.value(), now);
    }

    /** Noise a real feed has: a truncated record, a foreign-currency purchase, an event type nobody knows. */
    private SimulatedEvent badEvent() {
        SimulatedCustomer customer = customers.get(random.nextInt(customers.size()));
        ObjectNode json;
        byte[] bytes;
        switch (random.nextInt(3)) {
            case 0 -> {
                json = EventJson.purchase(common(customer, "purchase", customer.homeStore), "o-broken-" + eventNumber,
                        basket(customer), program.currency());
                byte[] whole = EventJson.bytes(json);
                bytes = Arrays.copyOf(whole, whole.length / 2);
            }
            case 1 -> {
                json = EventJson.orderAmount(common(customer, "purchase", "web"), "o-foreign-" + eventNumber,
                        1000 + random.nextInt(9000), FOREIGN_CURRENCY);
                bytes = EventJson.bytes(json);
            }
            default -> {
                json = common(customer, UNKNOWN_TYPE, "web").put("amount", "25.00");
                bytes = EventJson.bytes(json);
            }
        }
        return new SimulatedEvent(Kind.BAD, json.get("eventId").textValue(), customer.id, bytes, now);
    }

    private ObjectNode common(SimulatedCustomer customer, String type, String source) {
        return EventJson.common("sim-" + seed + "-" + ++eventNumber, type, customer.id, occurredAt.apply(now), source);
    }

    private SimulatedEvent event(Kind kind, SimulatedCustomer customer, ObjectNode json) {
        return new SimulatedEvent(kind, json.get("eventId").textValue(), customer.id, EventJson.bytes(json), now);
    }

    private void schedule(SimulatedCustomer customer, Step step, Instant at, PlacedOrder order) {
        actions.add(new Action(at.truncatedTo(ChronoUnit.SECONDS), actionSequence++, customer, step, order));
    }

    /** Birthday greetings go out at 09:00 UTC on the customer's day-of-year, the next one after now. */
    private Instant nextBirthday(SimulatedCustomer customer) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        for (int year = today.getYear(); ; year++) {
            Instant candidate = LocalDate.ofYearDay(year, customer.birthdayDayOfYear).atTime(9, 0).toInstant(ZoneOffset.UTC);
            if (candidate.isAfter(now)) {
                return candidate;
            }
        }
    }

    /** The model's guess of the tier multiplier, from the customer's net spend so far, in percent. */
    private long tierMultiplierPercent(SimulatedCustomer customer) {
        int tier = program.tierIndexFor(BigDecimal.valueOf(customer.netSpendCents, 2));
        return program.tiers().get(tier).multiplier().movePointRight(2).longValue();
    }

    private long cheapestReward() {
        return program.rewards().values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    private static Duration days(double days) {
        return Duration.ofSeconds(Math.round(days * 86_400));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
