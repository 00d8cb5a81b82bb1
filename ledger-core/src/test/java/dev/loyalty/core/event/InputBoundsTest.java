package dev.loyalty.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bounds of SPEC section 2: every input is judged within them, however large or strange. */
class InputBoundsTest {

    private static final Instant WALL = Instant.parse("2026-11-27T12:00:00Z");
    private static final String EMOJI = "\uD83D\uDE00";

    private final EventCodec codec = new EventCodec(Program.defaults());

    private static String purchase(String customerId, String occurredAt, String orderId, String amount) {
        return "{\"eventId\":\"e1\",\"type\":\"purchase\",\"customerId\":\"" + customerId + "\",\"occurredAt\":\""
                + occurredAt + "\",\"orderId\":\"" + orderId + "\",\"amount\":" + amount + ",\"currency\":\"USD\"}";
    }

    private static String purchase(String orderId, String amount) {
        return purchase("c-1", "2026-11-27T11:00:00Z", orderId, amount);
    }

    private ParseResult parse(String json) {
        return codec.parse(null, json.getBytes(StandardCharsets.UTF_8), WALL);
    }

    private RejectReason reason(String json) {
        ParseResult r = parse(json);
        assertThat(r).as("should be refused: %s", json.length() > 300 ? json.substring(0, 300) : json)
                .isInstanceOf(ParseResult.Invalid.class);
        ParseResult.Invalid invalid = (ParseResult.Invalid) r;
        assertThat(invalid.message()).isNotBlank().hasSizeLessThan(1_000);
        return invalid.reason();
    }

    static Stream<Arguments> refused() {
        String items501 = "[" + String.join(",", java.util.Collections.nCopies(501,
                "{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":\"0.01\"}")) + "]";
        return Stream.of(
                Arguments.of("a value over 64 KiB", purchase("o-" + "x".repeat(70_000), "\"1.00\""), RejectReason.TOO_LARGE),
                Arguments.of("an order id of 129 characters", purchase("o".repeat(129), "\"1.00\""), RejectReason.INVALID_FIELD),
                Arguments.of("65 emoji as customer id", purchase(EMOJI.repeat(65), "2026-11-27T11:00:00Z", "o", "\"1.00\""),
                        RejectReason.INVALID_FIELD),
                Arguments.of("a lone surrogate", purchase("o-\\ud800", "\"1.00\""), RejectReason.INVALID_FIELD),
                Arguments.of("year +300000000", purchase("c-1", "+300000000-01-01T00:00:00Z", "o", "\"1.00\""),
                        RejectReason.INVALID_FIELD),
                Arguments.of("before 1970", purchase("c-1", "1969-12-31T23:59:59Z", "o", "\"1.00\""), RejectReason.INVALID_FIELD),
                Arguments.of("year 2099", purchase("c-1", "2099-01-01T00:00:00Z", "o", "\"1.00\""),
                        RejectReason.FUTURE_OCCURRED_AT),
                Arguments.of("year 9999", purchase("c-1", "9999-12-31T00:00:00Z", "o", "\"1.00\""),
                        RejectReason.FUTURE_OCCURRED_AT),
                Arguments.of("six minutes ahead", purchase("c-1", "2026-11-27T12:06:00Z", "o", "\"1.00\""),
                        RejectReason.FUTURE_OCCURRED_AT),
                Arguments.of("1e2000000 as a number", purchase("o", "1e2000000"), RejectReason.INVALID_FIELD),
                Arguments.of("1e999999999 as a number", purchase("o", "1e999999999"), RejectReason.INVALID_FIELD),
                Arguments.of("33 digits", purchase("o", "\"" + "1".repeat(33) + "\""), RejectReason.INVALID_FIELD),
                Arguments.of("a tiny number written out long", purchase("o", "1e-40"), RejectReason.INVALID_FIELD),
                Arguments.of("501 items", "{\"eventId\":\"e1\",\"type\":\"purchase\",\"customerId\":\"c-1\",\"occurredAt\":"
                        + "\"2026-11-27T11:00:00Z\",\"orderId\":\"o\",\"amount\":\"5.01\",\"currency\":\"USD\",\"items\":"
                        + items501 + "}", RejectReason.INVALID_FIELD),
                Arguments.of("a unit price of 1e999999999", "{\"eventId\":\"e1\",\"type\":\"purchase\",\"customerId\":\"c-1\","
                        + "\"occurredAt\":\"2026-11-27T11:00:00Z\",\"orderId\":\"o\",\"amount\":\"5.00\",\"currency\":\"USD\","
                        + "\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":1e999999999}]}", RejectReason.INVALID_FIELD),
                Arguments.of("a 513-character reason", "{\"eventId\":\"e1\",\"type\":\"adjustment\",\"customerId\":\"c-1\","
                        + "\"occurredAt\":\"2026-11-27T11:00:00Z\",\"points\":5,\"reason\":\"" + "r".repeat(513) + "\"}",
                        RejectReason.INVALID_FIELD),
                Arguments.of("a 70,000-character type", "{\"eventId\":\"e1\",\"type\":\"" + "t".repeat(60_000)
                        + "\",\"customerId\":\"c-1\",\"occurredAt\":\"2026-11-27T11:00:00Z\"}", RejectReason.UNKNOWN_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWhatIsOutOfBounds(String what, String json, RejectReason expected) {
        assertThat(reason(json)).isEqualTo(expected);
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        assertThat(parse(purchase(EMOJI.repeat(64), "2026-11-27T11:00:00Z", "o", "\"1.00\"")))
                .isInstanceOf(ParseResult.Valid.class);
        assertThat(parse(purchase("\u00e9".repeat(128), "\"1.00\""))).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void acceptsWhatIsJustWithinBounds() {
        assertThat(parse(purchase("c-1", "2026-11-27T12:05:00Z", "o", "\"1.00\""))).isInstanceOf(ParseResult.Valid.class);
        assertThat(parse(purchase("c-1", "1970-01-01T00:00:00Z", "o", "\"1.00\""))).isInstanceOf(ParseResult.Valid.class);
        assertThat(parse(purchase("o", "\"" + "0".repeat(26) + "1.00\""))).isInstanceOf(ParseResult.Valid.class);
        assertThat(parse(purchase("o".repeat(128), "1e2"))).isInstanceOf(ParseResult.Valid.class);
    }

    @Test
    void simulatedTimeAcceptsTheFutureButNotBeyondYear9999() {
        EventCodec simulated = new EventCodec(Program.defaults(), InputLimits.defaults().withSimulatedTime(true));
        assertThat(simulated.parse(null, purchase("c-1", "2099-01-01T00:00:00Z", "o", "\"1.00\"")
                .getBytes(StandardCharsets.UTF_8), WALL)).isInstanceOf(ParseResult.Valid.class);
        assertThat(((ParseResult.Invalid) simulated.parse(null, purchase("c-1", "+10000-01-01T00:00:00Z", "o", "\"1.00\"")
                .getBytes(StandardCharsets.UTF_8), WALL)).reason()).isEqualTo(RejectReason.INVALID_FIELD);
    }

    @Test
    void theSizeAndSkewBoundsAreSettings() {
        EventCodec strict = new EventCodec(Program.defaults(), InputLimits.defaults().withMaxValueBytes(100)
                .withMaxFutureSkew(Duration.ZERO));
        byte[] small = purchase("c-1", "2026-11-27T12:00:01Z", "o", "\"1.00\"").getBytes(StandardCharsets.UTF_8);
        assertThat(((ParseResult.Invalid) strict.parse(null, small, WALL)).reason()).isEqualTo(RejectReason.TOO_LARGE);
        EventCodec roomy = new EventCodec(Program.defaults(), InputLimits.defaults().withMaxFutureSkew(Duration.ZERO));
        assertThat(((ParseResult.Invalid) roomy.parse(null, small, WALL)).reason())
                .isEqualTo(RejectReason.FUTURE_OCCURRED_AT);
    }
}
