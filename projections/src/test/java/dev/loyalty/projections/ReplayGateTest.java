package dev.loyalty.projections;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayGateTest {

    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private static Signal tier(String id, Instant at) {
        return new TierChange(id, "c-1", "MEMBER", "SILVER", "UP", new BigDecimal("500.00"), at);
    }

    @Test
    void holdsEverythingWhileCatchingUpThenReleasesOnlyRecentSignalsNobodySent() {
        ReplayGate gate = new ReplayGate(START);
        Signal old = tier("c-1:tier:2", START.minusSeconds(60));
        Signal sentByOldGeneration = tier("c-1:tier:5", START.plusSeconds(5));
        Signal missed = tier("c-1:tier:7", START.plusSeconds(9));

        assertThat(gate.shouldSend(old)).isFalse();
        assertThat(gate.shouldSend(sentByOldGeneration)).isFalse();
        assertThat(gate.shouldSend(missed)).isFalse();

        assertThat(gate.open(Set.of("c-1:tier:2", "c-1:tier:5"))).containsExactly(missed);
        assertThat(gate.shouldSend(tier("c-1:tier:5", START.plusSeconds(5)))).isFalse();
        assertThat(gate.shouldSend(tier("c-1:tier:9", START.plusSeconds(20)))).isTrue();
        assertThat(gate.shouldSend(tier("c-1:tier:9", START.plusSeconds(20)))).isFalse();
    }
}
