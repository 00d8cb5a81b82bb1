package dev.loyalty.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of {@code POST /events}: one JSON object or a non-empty array of them. Only the shape is
 * judged here; whether each object is a valid event is the ledger writer's call (with a rejection
 * record), so nothing a client sends is silently dropped.
 */
final class EventBatch {

    /** The body is not a JSON object or array of objects; {@code getMessage()} says why. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    private EventBatch() {
    }

    static List<EventPublisher.KeyedEvent> parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Invalid("the body is not valid JSON");
        }
        if (root != null && root.isObject()) {
            return List.of(new EventPublisher.KeyedEvent(customerIdOf(root), body));
        }
        if (root == null || !root.isArray()) {
            throw new Invalid("the body must be a JSON object or an array of JSON objects");
        }
        if (root.isEmpty()) {
            throw new Invalid("the array holds no events");
        }
        for (int i = 0; i < root.size(); i++) {
            if (!root.get(i).isObject()) {
                throw new Invalid("element " + i + " of the array is not a JSON object");
            }
        }
        List<byte[]> elements = elementBytes(body);
        List<EventPublisher.KeyedEvent> events = new ArrayList<>(elements.size());
        for (int i = 0; i < root.size(); i++) {
            events.add(new EventPublisher.KeyedEvent(customerIdOf(root.get(i)), elements.get(i)));
        }
        return events;
    }

    /** Each element of the array exactly as sent, so the writer sees (and may reject) the client's own bytes. */
    private static List<byte[]> elementBytes(byte[] array) {
        List<byte[]> elements = new ArrayList<>();
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(array)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = (int) parser.currentLocation().getByteOffset();
                elements.add(Arrays.copyOfRange(array, start, end));
            }
        } catch (IOException e) {
            throw new IllegalStateException("an array that parsed once failed to parse again", e);
        }
        return elements;
    }

    private static String customerIdOf(JsonNode event) {
        JsonNode id = event.get("customerId");
        return id != null && id.isTextual() ? id.asText() : null;
    }
}
