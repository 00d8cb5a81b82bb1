package dev.loyalty.core.event;

/** What the codec made of one input record: a valid event or the reason it is not one. */
public sealed interface ParseResult {

    record Valid(Event event) implements ParseResult {
    }

    /** {@code eventId} and {@code customerId} are set when they could be read, for the rejection record. */
    record Invalid(RejectReason reason, String message, String eventId, String customerId) implements ParseResult {
    }
}
