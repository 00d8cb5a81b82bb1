package dev.loyalty.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BusinessClockTest {

    private static final long WALL = Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
    private static final long YEAR_2099 = Instant.parse("2099-01-01T00:00:00Z").toEpochMilli();

    @Test
    void inSimulatedTimeAnEventFromTheFutureMovesTheClock() {
        AtomicLong stored = new AtomicLong();
        BusinessClock clock = new BusinessClock(null, stored::set);
        clock.observe(Instant.ofEpochMilli(YEAR_2099));
        assertThat(clock.now(WALL)).isEqualTo(Instant.ofEpochMilli(YEAR_2099));
        assertThat(stored.get()).isEqualTo(YEAR_2099);
    }

    @Test
    void inProductionAStoredTimeFarAheadLeadsTheWallClockByAtMostTheSkew() {
        BusinessClock clock = new BusinessClock(YEAR_2099, t -> { }, Duration.ofMinutes(5));
        assertThat(clock.now(WALL)).isEqualTo(Instant.ofEpochMilli(WALL).plus(Duration.ofMinutes(5)));
        assertThat(clock.nowWith(Instant.ofEpochMilli(WALL + 60_000), WALL))
                .isEqualTo(Instant.ofEpochMilli(WALL).plus(Duration.ofMinutes(5)));
    }

    @Test
    void nowWithLooksAheadWithoutMovingTheClock() {
        AtomicLong stored = new AtomicLong(-1);
        BusinessClock clock = new BusinessClock(null, stored::set, Duration.ofMinutes(5));
        assertThat(clock.nowWith(Instant.ofEpochMilli(WALL + 60_000), WALL)).isEqualTo(Instant.ofEpochMilli(WALL + 60_000));
        assertThat(clock.now(WALL)).isEqualTo(Instant.ofEpochMilli(WALL));
        assertThat(stored.get()).isEqualTo(-1);
    }
}
