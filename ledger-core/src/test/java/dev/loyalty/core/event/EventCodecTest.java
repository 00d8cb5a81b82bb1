package dev.loyalty.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.program.Program;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec(Program.defaults());

    private static final String HEAD = "\"eventId\":\"e1\",\"customerId\":\"c-1\",\"occurredAt\":\"2026-11-22T10:15:30Z\"";

    private ParseResult parse(String key, String json) {
        return codec.parse(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSpecExamplePurchase() {
        ParseResult r = parse("c-42", """
                {"eventId":"pos12-000123","type":"purchase","customerId":"c-42","occurredAt":"2026-11-22T10:15:30Z",
                 "orderId":"o-9001","amount":"42.50","currency":"USD","source":"pos-store-12",
                 "items":[{"sku":"latte","category":"beverage","quantity":2,"unitPrice":"4.25"},
                          {"sku":"beans","category":"grocery","quantity":1,"unitPrice":"34.00"}]}""");
        assertThat(r).isInstanceOf(ParseResult.Valid.class);
        Purchase p = (Purchase) ((ParseResult.Valid) r).event();
        assertThat(p.eventId()).isEqualTo("pos12-000123");
        assertThat(p.occurredAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30Z"));
        assertThat(p.amount()).isEqualByComparingTo("42.50");
        assertThat(p.source()).isEqualTo("pos-store-12");
        assertThat(p.items()).hasSize(2);
        assertThat(p.items().get(0).total()).isEqualByComparingTo("8.50");
    }

    @Test
    void acceptsAmountsAsJsonNumbersExactly() {
        ParseResult r = parse(null, "{" + HEAD + ",\"type\":\"return\",\"orderId\":\"o\",\"amount\":19.99,\"currency\":\"USD\"}");
        assertThat(((Return) ((ParseResult.Valid) r).event()).amount()).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    void readsEveryEventType() {
        assertThat(event("{" + HEAD + ",\"type\":\"redemption\",\"rewardId\":\"free-coffee\"}")).isInstanceOf(Redemption.class);
        assertThat(event("{" + HEAD + ",\"type\":\"redemption\",\"points\":10,\"note\":\"charity\"}")).isInstanceOf(Redemption.class);
        assertThat(event("{" + HEAD + ",\"type\":\"adjustment\",\"points\":-5,\"reason\":\"fix\"}")).isInstanceOf(Adjustment.class);
        assertThat(event("{" + HEAD + ",\"type\":\"engagement\",\"action\":\"review\",\"reference\":\"r-1\"}")).isInstanceOf(Engagement.class);
    }

    private Event event(String json) {
        return ((ParseResult.Valid) parse("c-1", json)).event();
    }

    static Stream<Arguments> invalidInput() {
        return Stream.of(
                Arguments.of(null, "not json", RejectReason.INVALID_JSON),
                Arguments.of(null, "[1,2]", RejectReason.INVALID_JSON),
                Arguments.of(null, "null", RejectReason.INVALID_JSON),
                Arguments.of(null, "{\"eventId\":\"e1\"", RejectReason.INVALID_JSON),
                Arguments.of(null, "{\"a\":1} trailing", RejectReason.INVALID_JSON),
                Arguments.of(null, "{\"type\":\"purchase\"}", RejectReason.MISSING_FIELD),
                Arguments.of(null, "{\"eventId\":\"e1\",\"customerId\":\"c-1\",\"occurredAt\":\"2026-11-22T10:15:30Z\"}", RejectReason.MISSING_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"amount\":\"1.00\",\"currency\":\"USD\"}", RejectReason.MISSING_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"redemption\"}", RejectReason.MISSING_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"adjustment\",\"points\":5}", RejectReason.MISSING_FIELD),
                Arguments.of(null, "{\"eventId\":\"" + "x".repeat(129) + "\",\"customerId\":\"c\",\"type\":\"purchase\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{\"eventId\":\"e\",\"customerId\":\"" + "c".repeat(65) + "\",\"type\":\"purchase\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{\"eventId\":\"e1\",\"type\":\"purchase\",\"customerId\":\"c-1\",\"occurredAt\":\"yesterday\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"0\",\"currency\":\"USD\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"-3.00\",\"currency\":\"USD\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"1.005\",\"currency\":\"USD\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"1000000.01\",\"currency\":\"USD\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"ten\",\"currency\":\"USD\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"10.00\",\"currency\":\"USD\",\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":\"9.00\"}]}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"redemption\",\"rewardId\":\"free-coffee\",\"points\":5}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"redemption\",\"points\":0}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"redemption\",\"points\":2.5}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"adjustment\",\"points\":0,\"reason\":\"x\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"adjustment\",\"points\":5,\"reason\":\"\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"engagement\",\"action\":\"dance\"}", RejectReason.INVALID_FIELD),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"gift\"}", RejectReason.UNKNOWN_TYPE),
                Arguments.of("c-2", "{" + HEAD + ",\"type\":\"purchase\"}", RejectReason.KEY_MISMATCH),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"purchase\",\"orderId\":\"o\",\"amount\":\"1.00\",\"currency\":\"EUR\"}", RejectReason.UNSUPPORTED_CURRENCY),
                Arguments.of(null, "{" + HEAD + ",\"type\":\"return\",\"orderId\":\"o\",\"amount\":\"1.00\",\"currency\":\"GBP\"}", RejectReason.UNSUPPORTED_CURRENCY));
    }

    @ParameterizedTest
    @MethodSource("invalidInput")
    void refusesBadInputWithTheRightReason(String key, String json, RejectReason expected) {
        ParseResult r = parse(key, json);
        assertThat(r).isInstanceOf(ParseResult.Invalid.class);
        ParseResult.Invalid invalid = (ParseResult.Invalid) r;
        assertThat(invalid.reason()).as(invalid.message()).isEqualTo(expected);
        assertThat(invalid.message()).isNotBlank();
    }

    @Test
    void keepsTheIdsItCouldReadForTheRejectionRecord() {
        ParseResult.Invalid r = (ParseResult.Invalid) parse(null, "{" + HEAD + ",\"type\":\"gift\"}");
        assertThat(r.eventId()).isEqualTo("e1");
        assertThat(r.customerId()).isEqualTo("c-1");
    }

    static Stream<Arguments> validEventsInAnyForm() {
        String tail = ",\"eventId\":\"e1\",\"occurredAt\":\"2026-11-22T10:15:30Z\",\"type\":\"return\",\"orderId\":\"o\","
                + "\"amount\":\"1.00\",\"currency\":\"USD\"";
        return Stream.of(
                Arguments.of("{\"customerId\":\"c-1\"" + tail + "}", "c-1"),
                Arguments.of("{\"source\":\"pos\"" + tail + ",\"customerId\":\"c-1\"}", "c-1"),
                Arguments.of(" {\n \"customerId\" : \"c\\u002d1\\u00e9\"" + tail + "}", "c-1é"),
                // The customerId of a nested object is not the event's.
                Arguments.of("{\"items\":[{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":\"1.00\",\"customerId\":\"c-9\","
                        + "\"x\":{\"customerId\":\"c-8\"}}],\"customerId\":\"c-1\"" + tail + "}", "c-1"),
                Arguments.of("{\"customerId\":\"\uD83D\uDE00\"" + tail + "}", "\uD83D\uDE00"));
    }

    @ParameterizedTest
    @MethodSource("validEventsInAnyForm")
    void readsTheCustomerOfAValidEventWithoutParsingIt(String json, String customerId) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        assertThat(((ParseResult.Valid) codec.parse(null, value)).event().customerId()).isEqualTo(customerId);
        assertThat(EventCodec.customerIdOf(value)).isEqualTo(customerId);
        // JSON may come in UTF-16 too; both readers detect it alike.
        byte[] utf16 = json.getBytes(StandardCharsets.UTF_16BE);
        assertThat(((ParseResult.Valid) codec.parse(null, utf16)).event().customerId()).isEqualTo(customerId);
        assertThat(EventCodec.customerIdOf(utf16)).isEqualTo(customerId);
    }

    @Test
    void readsNoCustomerWhereNoValidEventCouldHaveOne() {
        assertThat(EventCodec.customerIdOf(null)).isNull();
        assertThat(EventCodec.customerIdOf("[\"customerId\",\"c-1\"]".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventCodec.customerIdOf("{\"customerId\":42}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventCodec.customerIdOf("{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventCodec.customerIdOf("{\"eventId\":[1,".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventCodec.customerIdOf(new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b})).isNull();
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        ParseResult r = codec.parse(null, new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'});
        assertThat(((ParseResult.Invalid) r).reason()).isEqualTo(RejectReason.INVALID_JSON);
    }
}
