package dev.loyalty.app.simulate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loyalty.core.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Writes input events in the wire format of SPEC section 2, money as decimal strings with two places. */
final class EventJson {

    private EventJson() {
    }

    static ObjectNode common(String eventId, String type, String customerId, Instant occurredAt, String source) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("customerId", customerId);
        node.put("occurredAt", occurredAt.toString());
        node.put("source", source);
        return node;
    }

    static ObjectNode purchase(ObjectNode common, String orderId, List<BasketLine> lines, String currency) {
        long amount = lines.stream().mapToLong(BasketLine::totalCents).sum();
        common.put("orderId", orderId);
        common.put("amount", money(amount));
        common.put("currency", currency);
        ArrayNode items = common.putArray("items");
        for (BasketLine line : lines) {
            items.addObject()
                    .put("sku", line.product().sku())
                    .put("category", line.product().category())
                    .put("quantity", line.quantity())
                    .put("unitPrice", money(line.unitPriceCents()));
        }
        return common;
    }

    /** The order fields of a return (or of a purchase without items). */
    static ObjectNode orderAmount(ObjectNode common, String orderId, long amountCents, String currency) {
        common.put("orderId", orderId);
        common.put("amount", money(amountCents));
        common.put("currency", currency);
        return common;
    }

    static ObjectNode rewardRedemption(ObjectNode common, String rewardId) {
        common.put("rewardId", rewardId);
        return common;
    }

    static ObjectNode pointsRedemption(ObjectNode common, long points, String note) {
        common.put("points", points);
        common.put("note", note);
        return common;
    }

    static ObjectNode engagement(ObjectNode common, String action, String reference) {
        common.put("action", action);
        if (reference != null) {
            common.put("reference", reference);
        }
        return common;
    }

    static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    static byte[] bytes(ObjectNode node) {
        return Json.write(node);
    }
}
