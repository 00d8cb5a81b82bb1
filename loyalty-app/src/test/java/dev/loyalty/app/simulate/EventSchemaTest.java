package dev.loyalty.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import dev.loyalty.app.ContractSchemas;
import dev.loyalty.app.simulate.SimulatedEvent.Kind;
import dev.loyalty.core.event.EventCodec;
import dev.loyalty.core.event.ParseResult;
import dev.loyalty.core.program.Program;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/schemas/event.schema.json against the events the simulator publishes and some the writer refuses. */
class EventSchemaTest {

    private static final Schema SCHEMA = ContractSchemas.load("event");
    private static final String COMMON = "\"eventId\":\"e-1\",\"customerId\":\"c-42\",\"occurredAt\":\"2026-11-22T10:15:30Z\"";

    @Test
    void everyGoodEventOfASimulatedMonthMatchesTheSchema() {
        TrafficModel model = TrafficModel.accelerated(7, 200, Instant.parse("2026-01-01T00:00:00Z"), Program.defaults());
        List<SimulatedEvent> good = new ArrayList<>();
        while (good.size() < 5_000) {
            SimulatedEvent event = model.next();
            if (event.kind() != Kind.BAD && event.kind() != Kind.CLOCK_TICK) {
                good.add(event);
            }
        }
        assertThat(good).extracting(SimulatedEvent::kind)
                .contains(Kind.PURCHASE, Kind.RETURN, Kind.REDEMPTION, Kind.ENGAGEMENT);
        for (SimulatedEvent event : good) {
            assertThat(ContractSchemas.problems(SCHEMA, event.value())).as(text(event.value())).isEmpty();
        }
    }

    @Test
    void theSimulatorsBadEventsOfAnUnknownTypeAreRefused() {
        TrafficModel model = TrafficModel.accelerated(7, 200, Instant.parse("2026-01-01T00:00:00Z"), Program.defaults());
        int unknownTypes = 0;
        for (int i = 0; i < 20_000; i++) {
            SimulatedEvent event = model.next();
            if (event.kind() == Kind.BAD && text(event.value()).contains("\"gift-card-load\"")) {
                assertThat(ContractSchemas.problems(SCHEMA, event.value())).isNotEmpty();
                unknownTypes++;
            }
        }
        assertThat(unknownTypes).isPositive();
    }

    @Test
    void everyTypeOfTheContractMatches() {
        for (String event : List.of(
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-9001\",\"amount\":\"42.50\",\"currency\":\"USD\","
                        + "\"items\":[{\"sku\":\"latte\",\"category\":\"beverage\",\"quantity\":2,\"unitPrice\":\"4.25\"},"
                        + "{\"sku\":\"beans\",\"category\":\"grocery\",\"quantity\":1,\"unitPrice\":\"34.00\"}]}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":42.5,\"currency\":\"USD\",\"source\":null}",
                "{" + COMMON + ",\"type\":\"return\",\"orderId\":\"o-9001\",\"amount\":\"4.25\",\"currency\":\"USD\"}",
                "{" + COMMON + ",\"type\":\"redemption\",\"rewardId\":\"free-coffee\"}",
                "{" + COMMON + ",\"type\":\"redemption\",\"points\":120,\"note\":\"charity\"}",
                "{" + COMMON + ",\"type\":\"adjustment\",\"points\":-20,\"reason\":\"correction\",\"actor\":\"agent-7\"}",
                "{" + COMMON + ",\"type\":\"engagement\",\"action\":\"review\",\"reference\":\"r-1\"}",
                "{" + COMMON.replace("c-42", "😀".repeat(64)) + ",\"type\":\"engagement\",\"action\":\"signup\"}")) {
            assertThat(ContractSchemas.problems(SCHEMA, bytes(event))).as(event).isEmpty();
            assertThat(new EventCodec(Program.defaults()).parse(null, bytes(event))).as(event)
                    .isInstanceOf(ParseResult.Valid.class);
        }
    }

    /** Each is refused by the schema and by the writer alike. */
    @Test
    void eventsTheWriterRefusesOnTheirShapeAreRefused() {
        for (String event : List.of(
                "[]",
                "{" + COMMON + "}",
                "{" + COMMON + ",\"type\":\"gift-card-load\"}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"currency\":\"USD\"}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":\"0.00\",\"currency\":\"USD\"}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":\"-5\",\"currency\":\"USD\"}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":\"1" + "0".repeat(32) + "\",\"currency\":\"USD\"}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":\"5\",\"currency\":\"USD\",\"items\":{}}",
                "{" + COMMON + ",\"type\":\"purchase\",\"orderId\":\"o-1\",\"amount\":\"5\",\"currency\":\"USD\","
                        + "\"items\":[{\"sku\":\"s\",\"quantity\":0,\"unitPrice\":\"5\"}]}",
                "{" + COMMON + ",\"type\":\"redemption\"}",
                "{" + COMMON + ",\"type\":\"redemption\",\"rewardId\":\"free-coffee\",\"points\":50}",
                "{" + COMMON + ",\"type\":\"redemption\",\"points\":0}",
                "{" + COMMON + ",\"type\":\"adjustment\",\"points\":0,\"reason\":\"r\"}",
                "{" + COMMON + ",\"type\":\"adjustment\",\"points\":5}",
                "{" + COMMON + ",\"type\":\"adjustment\",\"points\":5,\"reason\":\"" + "r".repeat(513) + "\"}",
                "{" + COMMON + ",\"type\":\"engagement\",\"action\":\"\"}",
                "{" + COMMON.replace("e-1", "e".repeat(129)) + ",\"type\":\"engagement\",\"action\":\"signup\"}",
                "{" + COMMON.replace("c-42", "c".repeat(65)) + ",\"type\":\"engagement\",\"action\":\"signup\"}",
                "{" + COMMON.replace("2026-11-22T10:15:30Z", "2026-13-45T10:15:30Z") + ",\"type\":\"engagement\",\"action\":\"signup\"}",
                "{" + COMMON.replace("2026-11-22T10:15:30Z", "yesterday") + ",\"type\":\"engagement\",\"action\":\"signup\"}")) {
            assertThat(ContractSchemas.problems(SCHEMA, bytes(event))).as(event).isNotEmpty();
            assertThat(new EventCodec(Program.defaults()).parse(null, bytes(event))).as(event)
                    .isInstanceOf(ParseResult.Invalid.class);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
