package dev.loyalty.core.program;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The window an engagement limit counts in. Calendar periods are UTC. */
public enum LimitPeriod {
    /** Once ever per customer. */
    LIFETIME,
    /** Per UTC calendar day. */
    DAY,
    /** Per rolling 365 days. */
    YEAR,
    /** Per UTC calendar year. */
    CALENDAR_YEAR;

    /** True when an award at {@code earlier} counts against the limit for an action at {@code at}. */
    public boolean sameWindow(Instant earlier, Instant at) {
        return switch (this) {
            case LIFETIME -> true;
            case DAY -> earlier.truncatedTo(ChronoUnit.DAYS).equals(at.truncatedTo(ChronoUnit.DAYS));
            case YEAR -> earlier.isAfter(at.minus(Duration.ofDays(365))) && !earlier.isAfter(at);
            case CALENDAR_YEAR -> earlier.atOffset(ZoneOffset.UTC).getYear() == at.atOffset(ZoneOffset.UTC).getYear();
        };
    }

    /** How long an award must be remembered to enforce this limit; null for ever. */
    public Duration memory() {
        return switch (this) {
            case LIFETIME -> null;
            case DAY -> Duration.ofDays(2);
            case YEAR, CALENDAR_YEAR -> Duration.ofDays(367);
        };
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static LimitPeriod fromWire(String value) {
        for (LimitPeriod p : values()) {
            if (p.wireName().equals(value)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown limit period '" + value + "' (lifetime, day, year, calendar-year)");
    }
}
