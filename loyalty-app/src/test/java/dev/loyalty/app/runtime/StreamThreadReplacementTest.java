package dev.loyalty.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadReplacementTest {

    private final MovableClock clock = new MovableClock();
    private final StreamThreadReplacement handler = new StreamThreadReplacement("ledger writer", clock);

    @Test
    void aDeadThreadIsReplacedUntilItKeepsDying() {
        for (int i = 0; i < StreamThreadReplacement.MAX_REPLACEMENTS; i++) {
            assertThat(handler.handle(new IllegalStateException("broker away"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(handler.handle(new IllegalStateException("again"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void deathsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < StreamThreadReplacement.MAX_REPLACEMENTS; i++) {
            handler.handle(new IllegalStateException("broker away"));
        }
        clock.advance(StreamThreadReplacement.WINDOW.plusSeconds(1));
        assertThat(handler.handle(new IllegalStateException("a day later"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
