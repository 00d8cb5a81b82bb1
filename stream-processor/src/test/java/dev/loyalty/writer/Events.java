package dev.loyalty.writer;

import java.time.Instant;

/** JSON input events as upstream systems publish them (SPEC section 2). */
final class Events {

    private Events() {
    }

    static String purchase(String eventId, String customerId, Instant at, String orderId, String amount) {
        return "{\"eventId\":\"%s\",\"type\":\"purchase\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"orderId\":\"%s\",\"amount\":\"%s\",\"currency\":\"USD\"}"
                .formatted(eventId, customerId, at, orderId, amount);
    }

    static String purchaseWithItems(String eventId, String customerId, Instant at, String orderId, String amount,
                                    String itemsJson) {
        return "{\"eventId\":\"%s\",\"type\":\"purchase\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"orderId\":\"%s\",\"amount\":\"%s\",\"currency\":\"USD\",\"items\":%s}"
                .formatted(eventId, customerId, at, orderId, amount, itemsJson);
    }

    static String refund(String eventId, String customerId, Instant at, String orderId, String amount) {
        return "{\"eventId\":\"%s\",\"type\":\"return\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"orderId\":\"%s\",\"amount\":\"%s\",\"currency\":\"USD\"}"
                .formatted(eventId, customerId, at, orderId, amount);
    }

    static String redeemReward(String eventId, String customerId, Instant at, String rewardId) {
        return "{\"eventId\":\"%s\",\"type\":\"redemption\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"rewardId\":\"%s\"}"
                .formatted(eventId, customerId, at, rewardId);
    }

    static String redeemPoints(String eventId, String customerId, Instant at, long points) {
        return "{\"eventId\":\"%s\",\"type\":\"redemption\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"points\":%d,\"note\":\"charity\"}"
                .formatted(eventId, customerId, at, points);
    }

    static String adjustment(String eventId, String customerId, Instant at, long points, String reason) {
        return "{\"eventId\":\"%s\",\"type\":\"adjustment\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"points\":%d,\"reason\":\"%s\",\"actor\":\"ops\"}"
                .formatted(eventId, customerId, at, points, reason);
    }

    static String engagement(String eventId, String customerId, Instant at, String action) {
        return "{\"eventId\":\"%s\",\"type\":\"engagement\",\"customerId\":\"%s\",\"occurredAt\":\"%s\",\"action\":\"%s\"}"
                .formatted(eventId, customerId, at, action);
    }
}
