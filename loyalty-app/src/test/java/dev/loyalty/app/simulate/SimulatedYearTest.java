package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import dev.loyalty.core.event.Engagement;
import dev.loyalty.core.event.Event;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.event.Purchase;
import dev.loyalty.core.event.Redemption;
import dev.loyalty.core.event.Return;
import dev.loyalty.core.program.Program;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A year of 500 customers, checked for the mix a loyalty program really sees. */
class SimulatedYearTest {

    private static final int CUSTOMERS = 500;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(365));

    private static final List<SimulatedEvent> records = new ArrayList<>();
    private static final List<Event> events = new ArrayList<>();

    @BeforeAll
    static void simulateAYear() {
        EventCodec codec = new EventCodec(Program.defaults());
        TrafficModel model = TrafficModel.accelerated(42, CUSTOMERS, START, Program.defaults());
        for (SimulatedEvent record = model.next(); record.simulatedAt().isBefore(END); record = model.next()) {
            records.add(record);
            if (record.kind() != Kind.BAD && record.kind() != Kind.DUPLICATE) {
                events.add(((ParseResult.Valid) codec.parse(record.key(), record.value())).event());
            }
        }
    }

    @Test
    void everyCustomerAppearsAndSignsUpOnce() {
        assertThat(engagements("signup")).hasSize(CUSTOMERS);
        assertThat(engagements("signup").stream().map(Event::customerId).distinct()).hasSize(CUSTOMERS);
    }

    @Test
    void eachCustomersEventsAreInChronologicalOrder() {
        Map<String, Instant> latest = new HashMap<>();
        for (Event event : events) {
            Instant previous = latest.put(event.customerId(), event.occurredAt());
            assertThat(previous == null || !event.occurredAt().isBefore(previous)).isTrue();
        }
    }

    @Test
    void aboutEightPercentOfOrdersAreReturnedNeverMoreThanWasPaid() {
        Map<String, BigDecimal> paid = new HashMap<>();
        Map<String, BigDecimal> refunded = new HashMap<>();
        for (Event event : events) {
            if (event instanceof Purchase p) {
                assertThat(paid.put(p.customerId() + "/" + p.orderId(), p.amount())).as("order ids are unique").isNull();
            } else if (event instanceof Return r) {
                String order = r.customerId() + "/" + r.orderId();
                assertThat(paid).containsKey(order);
                BigDecimal total = refunded.merge(order, r.amount(), BigDecimal::add);
                assertThat(total).isLessThanOrEqualTo(paid.get(order));
            }
        }
        double returnShare = (double) refunded.size() / paid.size();
        assertThat(returnShare).isBetween(0.05, 0.11);
        long fullReturns = refunded.entrySet().stream().filter(e -> e.getValue().compareTo(paid.get(e.getKey())) == 0).count();
        assertThat(fullReturns).isBetween(refunded.size() / 4L, refunded.size() * 3L / 4);
    }

    @Test
    void spendReachesEveryTierButNotForEveryone() {
        Map<String, BigDecimal> spend = new HashMap<>();
        for (Event event : events) {
            if (event instanceof Purchase p) {
                spend.merge(p.customerId(), p.amount(), BigDecimal::add);
            } else if (event instanceof Return r) {
                spend.merge(r.customerId(), r.amount().negate(), BigDecimal::add);
            }
        }
        assertThat(share(spend, "500.00")).isBetween(0.3, 0.75);
        assertThat(share(spend, "2000.00")).isBetween(0.04, 0.3);
        assertThat(share(spend, "5000.00")).isBetween(0.005, 0.1);
    }

    @Test
    void customersRedeemRewardsAndPoints() {
        List<Redemption> redemptions = events.stream().filter(Redemption.class::isInstance).map(Redemption.class::cast).toList();
        long purchases = events.stream().filter(Purchase.class::isInstance).count();

        assertThat((double) redemptions.size() / purchases).isBetween(0.03, 0.3);
        assertThat(redemptions).extracting(Redemption::rewardId).contains("free-coffee", "free-shipping", "voucher-10");
        assertThat(redemptions.stream().filter(r -> r.points() != null).count()).isGreaterThan(redemptions.size() / 10L);
    }

    @Test
    void someCustomersDriftAwayAndSomeComeBack() {
        Map<String, List<Instant>> purchases = new HashMap<>();
        events.stream().filter(Purchase.class::isInstance)
                .forEach(p -> purchases.computeIfAbsent(p.customerId(), c -> new ArrayList<>()).add(p.occurredAt()));
        long silentAtTheEnd = purchases.values().stream()
                .filter(times -> times.get(times.size() - 1).isBefore(END.minus(Duration.ofDays(90)))).count();
        long cameBack = purchases.values().stream().filter(times -> longestGapDays(times) > 75).count();

        assertThat((double) silentAtTheEnd / CUSTOMERS).isBetween(0.05, 0.3);
        assertThat(cameBack).isGreaterThan(CUSTOMERS / 100);
    }

    @Test
    void novemberAndDecemberArePeakMonths() {
        Map<Month, Long> purchasesByMonth = new HashMap<>();
        events.stream().filter(Purchase.class::isInstance).forEach(p ->
                purchasesByMonth.merge(p.occurredAt().atOffset(ZoneOffset.UTC).getMonth(), 1L, Long::sum));

        assertThat(purchasesByMonth.get(Month.DECEMBER)).isGreaterThan(purchasesByMonth.get(Month.OCTOBER) * 3 / 2);
    }

    @Test
    void engagementIncludesReviewsReferralsAndOneBirthdayAYear() {
        assertThat(engagements("review")).hasSizeGreaterThan(CUSTOMERS);
        assertThat(engagements("referral")).isNotEmpty();
        List<Engagement> birthdays = engagements("birthday");
        assertThat(birthdays.size()).isBetween(CUSTOMERS / 2, CUSTOMERS);
        assertThat(birthdays.stream().map(Event::customerId).distinct()).hasSameSizeAs(birthdays);
    }

    @Test
    void aboutHalfAPercentIsBadAndHalfAPercentReDelivered() {
        long bad = records.stream().filter(r -> r.kind() == Kind.BAD).count();
        List<SimulatedEvent> duplicates = records.stream().filter(r -> r.kind() == Kind.DUPLICATE).toList();

        assertThat((double) bad / records.size()).isBetween(0.002, 0.01);
        assertThat((double) duplicates.size() / records.size()).isBetween(0.002, 0.01);
        Set<String> seen = new HashSet<>();
        for (SimulatedEvent record : records) {
            if (record.kind() == Kind.DUPLICATE) {
                assertThat(seen).contains(record.eventId());
            } else {
                assertThat(seen.add(record.eventId())).as("event ids are unique").isTrue();
            }
        }
    }

    private static List<Engagement> engagements(String action) {
        return events.stream().filter(Engagement.class::isInstance).map(Engagement.class::cast)
                .filter(e -> e.action().equals(action)).toList();
    }

    private static double share(Map<String, BigDecimal> spend, String threshold) {
        BigDecimal limit = new BigDecimal(threshold);
        return (double) spend.values().stream().filter(s -> s.compareTo(limit) >= 0).count() / CUSTOMERS;
    }

    private static long longestGapDays(List<Instant> times) {
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, Duration.between(times.get(i - 1), times.get(i)).toDays());
        }
        return longest;
    }
}
