package dev.loyalty.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends each line of a JSON-lines file as one event, keyed by its {@code customerId}. Only lines
 * that are not JSON objects are refused here; everything else is the ledger writer's to judge, so a
 * bad event still ends up in the rejections topic with its reason.
 */
final class EventFilePublisher {

    /**
     * What happened to the lines of one file.
     *
     * @param stoppedAtLine the line after which nothing more was sent because delivery failed; 0 when
     *     the whole file was read
     */
    record Outcome(long sent, long refused, long failed, String firstFailure, long stoppedAtLine) {
    }

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final PrintWriter err;

    EventFilePublisher(Producer<String, byte[]> producer, String topic, PrintWriter err) {
        this.producer = producer;
        this.topic = topic;
        this.err = err;
    }

    Outcome publish(BufferedReader lines) throws IOException {
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long refused = 0;
        long lineNumber = 0;
        long stoppedAtLine = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            // An unreachable cluster fails every send after a long wait: stop at the first failure.
            if (firstFailure.get() != null) {
                stoppedAtLine = lineNumber;
                break;
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode event = parse(line);
            if (event == null || !event.isObject()) {
                refused++;
                err.println("line " + lineNumber + ": refused, not a JSON object");
                continue;
            }
            JsonNode customerId = event.get("customerId");
            String key = customerId != null && customerId.isTextual() ? customerId.asText() : null;
            producer.send(new ProducerRecord<>(topic, key, line.strip().getBytes(StandardCharsets.UTF_8)),
                    (metadata, e) -> {
                        if (e == null) {
                            sent.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.getMessage());
                        }
                    });
        }
        producer.flush();
        return new Outcome(sent.get(), refused, failed.get(), firstFailure.get(), stoppedAtLine);
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }
}
