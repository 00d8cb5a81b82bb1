package dev.loyalty.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loyalty.core.json.Json;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /health} and {@code GET /metrics} (SPEC section 6) on the JDK's HTTP server. Health is
 * 200 while every Kafka Streams application is running or rebalancing, 503 otherwise.
 */
public final class OperationsHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** {@code apps} maps a name shown in the health document to its Streams application. */
    public static OperationsHttpServer start(int port, Map<String, KafkaStreams> apps, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread t = new Thread(runnable, "loyalty-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", exchange -> {
            if (allowOnlyGet(exchange)) {
                health(exchange, apps);
            }
        });
        server.createContext("/metrics", exchange -> {
            if (allowOnlyGet(exchange)) {
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape().getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        return new OperationsHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
    }

    private static void health(HttpExchange exchange, Map<String, KafkaStreams> apps) throws IOException {
        Map<String, String> states = new LinkedHashMap<>();
        boolean up = true;
        for (Map.Entry<String, KafkaStreams> app : apps.entrySet()) {
            KafkaStreams.State state = app.getValue().state();
            states.put(app.getKey(), state.name());
            up &= state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streams", states);
        respond(exchange, up ? 200 : 503, "application/json", Json.write(body));
    }

    private static boolean allowOnlyGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        respond(exchange, 405, "application/json",
                Json.write(Map.of("error", "method " + exchange.getRequestMethod() + " not allowed")));
        return false;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }
}
