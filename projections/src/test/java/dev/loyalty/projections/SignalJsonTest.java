package dev.loyalty.projections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signals' hand-written JSON is byte for byte what Jackson's reflective serializer wrote before. */
class SignalJsonTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Test
    void everySignalWritesWhatJacksonWrote() {
        List<Signal> signals = List.of(
                new TierChange("c-1:tier:4", "c-1", "MEMBER", "SILVER", "UP", new BigDecimal("1234.50"), AT),
                new TierChange("c-1:tier:1", "c-1", null, "MEMBER", "UP", null, Instant.parse("2026-01-01T00:00:00Z")),
                new TierChange("c-\"q\\uote\"\n\u00e9", "c-\u20ac", "GOLD", "SILVER", "DOWN", new BigDecimal("1E+3"), AT),
                new ExpiryWarning("c-2:expiry-warning:2026-04-01", "c-2", 150, AT.plusSeconds(86_400), 900, AT),
                new ExpiryWarning("c-2:expiry-warning:2026-04-02", "c-2", 0, null, -5, AT),
                new ChurnSignal("c-3:churn:AT_RISK:7", "c-3", "AT_RISK", AT.minusSeconds(90L * 86_400), 90, AT),
                new ChurnSignal("c-3:churn:REACTIVATED:9", "c-3", ChurnSignal.REACTIVATED, null, 0, AT));

        for (Signal signal : signals) {
            assertThat(new String(signal.toJson(), StandardCharsets.UTF_8))
                    .as("%s", signal)
                    .isEqualTo(new String(Json.write(signal), StandardCharsets.UTF_8));
        }
    }
}
