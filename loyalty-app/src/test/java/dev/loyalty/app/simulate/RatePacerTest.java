package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    @Test
    void eventNIsDueNOverRateSecondsAfterTheStart() {
        assertThat(RatePacer.nanosUntilDue(0, 0, 100)).isZero();
        assertThat(RatePacer.nanosUntilDue(100, 0, 100)).isEqualTo(1_000_000_000L);
        assertThat(RatePacer.nanosUntilDue(150, 1_000_000_000L, 100)).isEqualTo(500_000_000L);
    }

    @Test
    void aPublisherBehindScheduleDoesNotWait() {
        assertThat(RatePacer.nanosUntilDue(10, 5_000_000_000L, 100)).isZero();
    }

    @Test
    void noRateMeansNoWaiting() {
        assertThat(RatePacer.nanosUntilDue(1_000_000, 0, 0)).isZero();
    }

    @Test
    void waitsOnlyWhenAheadOfSchedule() {
        AtomicLong clock = new AtomicLong(0);
        RatePacer pacer = new RatePacer(1_000, clock::get);
        clock.set(2_000_000_000L);

        long before = System.nanoTime();
        pacer.awaitTurn(1_000);
        assertThat(System.nanoTime() - before).isLessThan(500_000_000L);
    }

    @Test
    void holdsARealRunToItsRate() {
        RatePacer pacer = new RatePacer(2_000, System::nanoTime);
        long before = System.nanoTime();
        for (int sent = 0; sent <= 100; sent++) {
            pacer.awaitTurn(sent);
        }
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(49_000_000L);
    }
}
