package dev.loyalty.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.projections.ProgramMetrics;
import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of SPEC section 6 on the JDK's own server: it needs no extra dependency and a small
 * thread pool is plenty for point lookups. Any instance answers for any customer: a request for a
 * customer another instance holds is forwarded to it, and program metrics are summed over all
 * instances. Errors are always {@code {"error","reason"}} JSON.
 */
public final class HttpApi implements AutoCloseable {

    /** Largest {@code POST /events} body accepted. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_LEDGER_LIMIT = 100;
    public static final int MAX_LEDGER_LIMIT = 1000;
    /** Set on forwarded requests, so an instance never forwards a request twice. */
    static final String FORWARDED_HEADER = "X-Loyalty-Forwarded";
    private static final String TOTALS_PATH = "/internal/program-totals";
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final ProjectionReader reader;
    private final EventPublisher publisher;
    private final BooleanSupplier healthy;
    private final Supplier<String> prometheus;
    private final ReplayControl replay;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;

    static {
        // Small answers would otherwise wait out the peer's delayed ACK (about 40 ms each). The JDK
        // server reads this once, when it first starts a server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * Binds {@code port} on all interfaces (0 for any free port); call {@link #start()} to serve.
     *
     * @param healthy whether processing is running, for {@code GET /health}
     * @param prometheus the Prometheus text for {@code GET /metrics}
     */
    public HttpApi(int port, ProjectionReader reader, EventPublisher publisher, BooleanSupplier healthy,
                   Supplier<String> prometheus) throws IOException {
        this(port, reader, publisher, healthy, prometheus, null);
    }

    /** @param replay rebuilds the projections on {@code POST /internal/replay}; null: no such path */
    public HttpApi(int port, ProjectionReader reader, EventPublisher publisher, BooleanSupplier healthy,
                   Supplier<String> prometheus, ReplayControl replay) throws IOException {
        this.reader = reader;
        this.replay = replay;
        this.publisher = publisher;
        this.healthy = healthy;
        this.prometheus = prometheus;
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "loyalty-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) {
        // Not try-with-resources: the exchange must stay open for the error answers below.
        try {
            route(ex);
        } catch (ProjectionReader.Unavailable e) {
            sendError(ex, ApiError.unavailable(e.getMessage()));
        } catch (RuntimeException | IOException e) {
            LOG.error("failed to answer {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
            sendError(ex, new ApiError(500, "internal_error", "the request could not be answered"));
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        List<String> path = segments(ex.getRequestURI().getRawPath());
        String method = ex.getRequestMethod();
        if (path.size() == 2 && path.get(0).equals("customers")) {
            if (allowed(ex, "GET")) {
                customer(ex, path.get(1));
            }
        } else if (path.size() == 3 && path.get(0).equals("customers") && path.get(2).equals("ledger")) {
            if (allowed(ex, "GET")) {
                ledger(ex, path.get(1));
            }
        } else if (path.equals(List.of("program", "metrics"))) {
            if (allowed(ex, "GET")) {
                programMetrics(ex);
            }
        } else if (path.equals(List.of("internal", "program-totals"))) {
            if (allowed(ex, "GET")) {
                send(ex, 200, "application/json", reader.localTotals().toJson());
            }
        } else if (path.equals(List.of("internal", "replay")) && replay != null) {
            replay(ex);
        } else if (path.equals(List.of("events"))) {
            if (allowed(ex, "POST")) {
                events(ex);
            }
        } else if (path.equals(List.of("health"))) {
            if (allowed(ex, "GET")) {
                boolean up = healthy.getAsBoolean();
                send(ex, up ? 200 : 503, "application/json",
                        ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        } else if (path.equals(List.of("metrics"))) {
            if (allowed(ex, "GET")) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                        prometheus.get().getBytes(StandardCharsets.UTF_8));
            }
        } else {
            sendError(ex, ApiError.notFound("no such path: " + method + " " + ex.getRequestURI().getRawPath()));
        }
    }

    private boolean allowed(HttpExchange ex, String method) {
        if (ex.getRequestMethod().equals(method)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", method);
        sendError(ex, new ApiError(405, "method_not_allowed", ex.getRequestMethod() + " is not allowed here; use "
                + method));
        return false;
    }

    private void customer(HttpExchange ex, String customerId) throws IOException {
        Integer partition = localPartitionOrForward(ex, customerId);
        if (partition == null) {
            return;
        }
        Optional<byte[]> view = reader.view(customerId, partition);
        if (view.isEmpty()) {
            sendError(ex, unknownCustomer(customerId));
        } else {
            send(ex, 200, "application/json", view.get());
        }
    }

    private void ledger(HttpExchange ex, String customerId) throws IOException {
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        long fromSeq;
        int limit;
        try {
            fromSeq = Long.parseLong(query.getOrDefault("fromSeq", "1"));
            limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_LEDGER_LIMIT)));
        } catch (NumberFormatException e) {
            sendError(ex, ApiError.badRequest("fromSeq and limit must be whole numbers"));
            return;
        }
        if (fromSeq < 1) {
            sendError(ex, ApiError.badRequest("fromSeq must be at least 1"));
            return;
        }
        if (limit < 1 || limit > MAX_LEDGER_LIMIT) {
            sendError(ex, ApiError.badRequest("limit must be between 1 and " + MAX_LEDGER_LIMIT));
            return;
        }
        Integer partition = localPartitionOrForward(ex, customerId);
        if (partition == null) {
            return;
        }
        if (reader.view(customerId, partition).isEmpty()) {
            sendError(ex, unknownCustomer(customerId));
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        boolean first = true;
        for (byte[] entry : reader.history(customerId, partition, fromSeq, limit)) {
            if (!first) {
                out.write(',');
            }
            out.write(entry);
            first = false;
        }
        out.write(']');
        send(ex, 200, "application/json", out.toByteArray());
    }

    /**
     * The partition when this instance holds the customer; otherwise the answer (forwarded or 503)
     * has been sent and null is returned.
     */
    private Integer localPartitionOrForward(HttpExchange ex, String customerId) throws IOException {
        ProjectionReader.Owner owner = reader.owner(customerId);
        if (owner instanceof ProjectionReader.Local local) {
            return local.partition();
        }
        if (owner instanceof ProjectionReader.Remote remote && ex.getRequestHeaders().getFirst(FORWARDED_HEADER) == null) {
            forward(ex, remote.baseUrl());
        } else {
            sendError(ex, ApiError.unavailable("the instance holding customer " + customerId
                    + " is not known right now (rebalancing)"));
        }
        return null;
    }

    private void forward(HttpExchange ex, String baseUrl) throws IOException {
        URI uri = URI.create(baseUrl + ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
        HttpResponse<byte[]> response;
        try {
            response = client.send(get(uri), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            sendError(ex, ApiError.unavailable("the instance at " + baseUrl + " did not answer: " + e.getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(ex, ApiError.unavailable("interrupted while asking " + baseUrl));
            return;
        }
        response.headers().firstValue("Retry-After").ifPresent(v -> ex.getResponseHeaders().set("Retry-After", v));
        send(ex, response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                response.body());
    }

    private void programMetrics(HttpExchange ex) throws IOException {
        ProgramTotals sum = reader.localTotals();
        for (String other : reader.otherInstances()) {
            HttpResponse<byte[]> response;
            try {
                response = client.send(get(URI.create(other + TOTALS_PATH)), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                sendError(ex, ApiError.unavailable("the instance at " + other + " did not answer: " + e.getMessage()));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sendError(ex, ApiError.unavailable("interrupted while asking " + other));
                return;
            }
            if (response.statusCode() != 200) {
                sendError(ex, ApiError.unavailable("the instance at " + other + " answered " + response.statusCode()));
                return;
            }
            sum.add(ProgramTotals.fromJson(response.body()));
        }
        send(ex, 200, "application/json", ProgramMetrics.of(sum).toJson());
    }

    private HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED_HEADER, "true").GET()
                .build();
    }

    private void replay(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("GET")) {
            send(ex, 200, "application/json", replay.progress());
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            ex.getResponseHeaders().set("Allow", "GET, POST");
            sendError(ex, new ApiError(405, "method_not_allowed", ex.getRequestMethod()
                    + " is not allowed here; use GET or POST"));
            return;
        }
        byte[] body = readAtMost(ex.getRequestBody(), MAX_BODY_BYTES);
        Boolean resend = resendSignals(query(ex.getRequestURI().getRawQuery()).get("resendSignals"), body);
        if (resend == null) {
            sendError(ex, ApiError.badRequest("resendSignals must be true or false, in the query or as "
                    + "{\"resendSignals\":true} in the body"));
            return;
        }
        try {
            send(ex, 202, "application/json", replay.start(resend));
        } catch (ReplayControl.Refused e) {
            sendError(ex, new ApiError(409, "conflict", e.getMessage()));
        }
    }

    /** From the query, else from a JSON body; false when neither says; null when either is not a boolean. */
    private static Boolean resendSignals(String fromQuery, byte[] body) {
        if (fromQuery != null) {
            return fromQuery.equals("true") ? Boolean.TRUE : fromQuery.equals("false") ? Boolean.FALSE : null;
        }
        if (body == null) {
            return null;
        }
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            return false;
        }
        try {
            JsonNode value = Json.MAPPER.readTree(body).path("resendSignals");
            return value.isMissingNode() ? Boolean.FALSE : value.isBoolean() ? value.asBoolean() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void events(HttpExchange ex) throws IOException {
        byte[] body = readAtMost(ex.getRequestBody(), MAX_BODY_BYTES);
        if (body == null) {
            sendError(ex, new ApiError(413, "payload_too_large", "the body is larger than " + MAX_BODY_BYTES
                    + " bytes"));
            return;
        }
        List<EventPublisher.KeyedEvent> events;
        try {
            events = EventBatch.parse(body);
        } catch (EventBatch.Invalid e) {
            sendError(ex, ApiError.badRequest(e.getMessage()));
            return;
        }
        try {
            publisher.publish(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(ex, ApiError.unavailable("interrupted while publishing"));
            return;
        } catch (Exception e) {
            LOG.warn("could not publish {} events: {}", events.size(), e.toString());
            sendError(ex, ApiError.unavailable("the events could not be published: " + e.getMessage()));
            return;
        }
        send(ex, 202, "application/json", ("{\"accepted\":" + events.size() + "}").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The whole stream, or null when it holds more than {@code max} bytes. The rest of an oversized
     * body is read and dropped (up to a bound) so the client finishes sending and sees the 413.
     */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        if (bytes.length <= max) {
            return bytes;
        }
        // read, not skip: the server's body stream does not bound skip() by the body's length
        byte[] sink = new byte[64 * 1024];
        long drained = 0;
        for (int n = in.read(sink); n > 0 && drained < MAX_DRAIN_BYTES; n = in.read(sink)) {
            drained += n;
        }
        return null;
    }

    private static ApiError unknownCustomer(String customerId) {
        return ApiError.notFound("no customer " + customerId);
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void sendError(HttpExchange ex, ApiError error) {
        if (error.status() == 503) {
            ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        }
        try {
            send(ex, error.status(), "application/json", error.toJson());
        } catch (IOException e) {
            LOG.debug("could not send error answer: {}", e.toString());
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
