package dev.loyalty.http;

import java.util.List;

/** Where {@code POST /events} sends what it accepted: loyalty.events, in the running system. */
public interface EventPublisher {

    /** An event as received, keyed by its customerId (null when the object has none). */
    record KeyedEvent(String customerId, byte[] json) {
    }

    /**
     * Sends the events in order and returns once the broker has acknowledged all of them.
     *
     * @throws Exception when they could not all be sent; the caller answers 503
     */
    void publish(List<KeyedEvent> events) throws Exception;
}
