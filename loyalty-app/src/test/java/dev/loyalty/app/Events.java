package dev.loyalty.app;

/** Input events as upstream systems write them (SPEC section 2). */
public final class Events {

    private static final String AT = "2026-11-22T10:00:00Z";

    private Events() {
    }

    public static String purchase(String eventId, String customerId, String orderId, String amount) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"purchase\",\"customerId\":\"" + customerId
                + "\",\"occurredAt\":\"" + AT + "\",\"orderId\":\"" + orderId + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"USD\"}";
    }

    public static String rewardRedemption(String eventId, String customerId, String rewardId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"redemption\",\"customerId\":\"" + customerId
                + "\",\"occurredAt\":\"" + AT + "\",\"rewardId\":\"" + rewardId + "\"}";
    }

    public static String engagement(String eventId, String customerId, String action) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"engagement\",\"customerId\":\"" + customerId
                + "\",\"occurredAt\":\"" + AT + "\",\"action\":\"" + action + "\"}";
    }
}
