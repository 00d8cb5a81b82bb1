package dev.loyalty.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import dev.loyalty.projections.ProgramMetrics;
import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of SPEC section 6 on an embedded Jetty server (chosen by measurement, see
 * docs/benchmarks.md): requests are parsed without holding a thread, so slow clients cost only
 * their connection, and every read has a deadline. Any instance answers for any customer: a request
 * for a customer another instance holds is forwarded to it (once at most), or answered from this
 * instance's standby or restoring copy, marked {@link #STALE_HEADER}, while the holder cannot answer;
 * program metrics are summed over all instances. {@code GET /} is the operations console ({@link Console}).
 * With access tokens configured every request but {@code /health*}, {@code /openapi.json} and the
 * console's files needs a bearer token with the path's role. Errors are always {@code {"error","reason"}} JSON.
 */
public final class HttpApi implements AutoCloseable {

    /** Largest request body accepted ({@code POST /events}, {@code POST /internal/replay}). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Largest request line plus headers. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** Time allowed for a request's headers, and separately for its body. */
    public static final Duration READ_DEADLINE = Duration.ofSeconds(10);
    public static final int DEFAULT_LEDGER_LIMIT = 100;
    public static final int MAX_LEDGER_LIMIT = 1000;
    /** Set on forwarded requests, so an instance never forwards a request twice. */
    static final String FORWARDED_HEADER = "X-Loyalty-Forwarded";
    /** Marks an answer from a copy that may lag behind the ledger: a standby, or a store being restored. */
    public static final String STALE_HEADER = "X-Loyalty-Stale";
    /**
     * How long a read of any local copy is tried again: during a rebalance a task moving from standby
     * to active, or from restoring to running, belongs to no thread for a moment.
     */
    private static final Duration COPY_MOVE_PATIENCE = Duration.ofSeconds(1);
    private static final Duration COPY_RETRY_INTERVAL = Duration.ofMillis(50);
    private static final String TOTALS_PATH = "/program/totals";
    /** Threads for the blocking part of requests (store reads, forwarding, publishing) and Jetty's own work. */
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;
    /**
     * Requests in progress at once, a body being read included; more wait their turn in arrival order,
     * up to {@link #MAX_QUEUED_REQUESTS} for at most {@link #MAX_QUEUE_WAIT}, then are answered 503.
     */
    private static final int MAX_ACTIVE_REQUESTS = 128;
    private static final int MAX_QUEUED_REQUESTS = 1024;
    private static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(5);
    /** Open connections; beyond, new ones wait in the accept backlog. */
    private static final int MAX_CONNECTIONS = 4096;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final ProjectionReader reader;
    private final EventPublisher publisher;
    private final Readiness readiness;
    private final Supplier<String> prometheus;
    private final ReplayControl replay;
    private final Supplier<byte[]> program;
    private final HttpAccess access;
    private final Duration readDeadline;
    private final Server server;
    private final ServerConnector connector;
    private volatile HttpClient client;
    private final List<Route> routes;

    /**
     * Listens on the loopback address, no tokens, plain HTTP; {@code port} 0 for any free port.
     *
     * @param readiness whether this instance serves, for {@code GET /health/ready}
     * @param prometheus the Prometheus text for {@code GET /metrics}
     */
    public HttpApi(int port, ProjectionReader reader, EventPublisher publisher, Readiness readiness,
                   Supplier<String> prometheus) {
        this(port, HttpAccess.loopback(), reader, publisher, readiness, prometheus, null);
    }

    /** @param replay rebuilds the projections on {@code POST /internal/replay}; null: no such path */
    public HttpApi(int port, HttpAccess access, ProjectionReader reader, EventPublisher publisher,
                   Readiness readiness, Supplier<String> prometheus, ReplayControl replay) {
        this(port, access, reader, publisher, readiness, prometheus, replay, null);
    }

    /** @param program the program versions as JSON for {@code GET /program}; null: no such path */
    public HttpApi(int port, HttpAccess access, ProjectionReader reader, EventPublisher publisher,
                   Readiness readiness, Supplier<String> prometheus, ReplayControl replay, Supplier<byte[]> program) {
        this(port, access, reader, publisher, readiness, prometheus, replay, program, READ_DEADLINE);
    }

    HttpApi(int port, HttpAccess access, ProjectionReader reader, EventPublisher publisher, Readiness readiness,
            Supplier<String> prometheus, ReplayControl replay, Supplier<byte[]> program, Duration readDeadline) {
        this.reader = reader;
        this.publisher = publisher;
        this.readiness = readiness;
        this.prometheus = prometheus;
        this.replay = replay;
        this.program = program;
        this.access = access;
        this.readDeadline = readDeadline;
        this.routes = routeTable();

        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("loyalty-http");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        config.setSendServerVersion(false);
        // Customer ids may hold any character: %2F is part of an id, not a path separator.
        config.setUriCompliance(UriCompliance.DEFAULT.with("loyalty-ids",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        HttpConnectionFactory http = new HttpConnectionFactory(config);
        connector = access.tls()
                .map(tls -> new ServerConnector(server, new SslConnectionFactory(sslContext(tls), http.getProtocol()), http))
                .orElseGet(() -> new ServerConnector(server, http));
        connector.setHost(access.host());
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, server));
        server.setErrorHandler(new JsonErrorHandler());
        QoSHandler limit = new QoSHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Exchange ex = new Exchange(request, response, callback);
                safely(ex, () -> route(ex));
                return true;
            }
        });
        limit.setMaxRequestCount(MAX_ACTIVE_REQUESTS);
        limit.setMaxSuspendedRequestCount(MAX_QUEUED_REQUESTS);
        limit.setMaxSuspend(MAX_QUEUE_WAIT);
        server.setHandler(limit);
    }

    private static SslContextFactory.Server sslContext(TlsKeystore tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.file().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType("PKCS12");
        return ssl;
    }

    /** @throws IOException when the address cannot be bound or the keystore cannot be read */
    public void start() throws IOException {
        connector.addBean(new HeaderDeadline(server.getScheduler(), readDeadline));
        try {
            server.start();
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("error while stopping the HTTP server: {}", e.toString());
        }
    }

    /** Runs {@code step}, turning what it throws into an error answer. */
    private void safely(Exchange ex, Runnable step) {
        try {
            step.run();
        } catch (ProjectionReader.Unavailable e) {
            ex.sendError(ApiError.unavailable(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("failed to answer {} {}", ex.method(), ex.rawPath(), e);
            ex.sendError(new ApiError(500, "internal_error", "the request could not be answered"));
        }
    }

    /**
     * Every route this server answers: GET /openapi.json describes exactly these (a test holds the two
     * together).
     */
    List<Route> routes() {
        return routes;
    }

    /** The route table; {@code {id}} in a path stands for any one segment. */
    private List<Route> routeTable() {
        List<Route> table = new ArrayList<>(List.of(
                new Route("GET", "/customers/{id}", (ex, path) -> customer(ex, path.get(1))),
                new Route("GET", "/customers/{id}/ledger", (ex, path) -> ledger(ex, path.get(1))),
                new Route("GET", "/program/metrics", (ex, path) -> programMetrics(ex)),
                new Route("GET", TOTALS_PATH, (ex, path) -> ex.send(200, "application/json", reader.localTotals().toJson())),
                new Route("POST", "/events", (ex, path) -> withBody(ex, body -> events(ex, body))),
                new Route("GET", "/health", this::health),
                new Route("GET", "/health/live", this::health),
                new Route("GET", "/health/ready", this::health),
                new Route("GET", "/metrics", (ex, path) -> ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        prometheus.get().getBytes(StandardCharsets.UTF_8))),
                new Route("GET", OpenApi.PATH, (ex, path) -> ex.send(200, "application/json", OpenApi.description())),
                new Route("GET", "/", (ex, path) -> sendConsole(ex, Console.page())),
                new Route("GET", Console.ASSET_PATH + "{file}", (ex, path) -> consoleAsset(ex, path.get(1)))));
        if (program != null) {
            table.add(new Route("GET", "/program", (ex, path) -> ex.send(200, "application/json", program.get())));
        }
        if (replay != null) {
            table.add(new Route("GET", "/internal/replay", (ex, path) -> ex.send(200, "application/json", replay.progress())));
            table.add(new Route("POST", "/internal/replay", (ex, path) -> withBody(ex, body -> startReplay(ex, body))));
        }
        return List.copyOf(table);
    }

    private static void consoleAsset(Exchange ex, String name) {
        Console.asset(name).ifPresentOrElse(asset -> sendConsole(ex, asset),
                () -> ex.sendError(ApiError.notFound("no such console file: " + name)));
    }

    private static void sendConsole(Exchange ex, Console.Asset asset) {
        ex.setHeader("Content-Security-Policy", Console.CONTENT_SECURITY_POLICY);
        ex.setHeader("X-Content-Type-Options", "nosniff");
        ex.send(200, asset.contentType(), asset.body());
    }

    private void route(Exchange ex) {
        List<String> path;
        try {
            path = segments(ex.rawPath());
        } catch (IllegalArgumentException e) {
            ex.sendError(ApiError.badRequest("the path is not validly percent-encoded: " + ex.rawPath()));
            return;
        }
        if (!authorized(ex, path)) {
            return;
        }
        List<Route> matching = routes.stream().filter(r -> r.matches(path)).toList();
        Optional<Route> route = matching.stream().filter(r -> r.method().equals(ex.method())).findFirst();
        if (route.isPresent()) {
            route.get().handler().accept(ex, path);
        } else if (!matching.isEmpty()) {
            String methods = String.join(", ", matching.stream().map(Route::method).toList());
            ex.setHeader("Allow", methods);
            ex.sendError(new ApiError(405, "method_not_allowed", ex.method() + " is not allowed here; use " + methods));
        } else {
            ex.sendError(ApiError.notFound("no such path: " + ex.method() + " " + ex.rawPath()));
        }
    }

    /**
     * {@code /health/live}: the process answers; {@code /health/ready} and {@code /health}: it serves
     * (503 with the reason otherwise). Degraded is still 200: the instance answers queries, and a load
     * balancer taking every instance out at once during a broker outage would answer none.
     */
    private void health(Exchange ex, List<String> path) {
        String check = path.size() == 1 ? "ready" : path.get(1);
        if (check.equals("live")) {
            ex.send(200, "application/json", Json.write(new HealthStatus("UP", null)));
        } else if (check.equals("ready")) {
            Optional<String> notReady = readiness.notReadyBecause();
            HealthStatus status = notReady.map(reason -> new HealthStatus("DOWN", reason))
                    .or(() -> readiness.degradedBecause().map(reason -> new HealthStatus("DEGRADED", reason)))
                    .orElse(new HealthStatus("UP", null));
            ex.send(notReady.isEmpty() ? 200 : 503, "application/json", Json.write(status));
        } else {
            ex.sendError(ApiError.notFound("no such path: " + ex.method() + " " + ex.rawPath()));
        }
    }

    /** The body of a health answer; {@code reason} only when DOWN or DEGRADED. */
    private record HealthStatus(String status, String reason) {
    }

    /** True when the request may go on; otherwise the 401 or 403 has been sent. */
    private boolean authorized(Exchange ex, List<String> path) {
        if (!access.tokens().enabled() || isOpen(path)) {
            return true;
        }
        Optional<Set<Role>> roles = ex.header(HttpHeader.AUTHORIZATION.asString())
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .flatMap(access.tokens()::rolesOf);
        if (roles.isEmpty()) {
            ex.setHeader(HttpHeader.WWW_AUTHENTICATE.asString(), "Bearer");
            ex.sendError(new ApiError(401, "unauthorized",
                    "a valid access token is needed: Authorization: Bearer <token>"));
            return false;
        }
        Optional<Role> needed = requiredRole(path);
        if (needed.isPresent() && !roles.get().contains(needed.get())) {
            ex.sendError(new ApiError(403, "forbidden", "this token does not have the role "
                    + needed.get().label() + " needed for " + ex.rawPath()));
            return false;
        }
        return true;
    }

    /**
     * Probes, the API's own description and the console's files (no data in them: the page asks for
     * a token and sends it on its API calls) need no token.
     */
    private static boolean isOpen(List<String> path) {
        return path.isEmpty() || path.get(0).equals("health") || path.equals(List.of(OpenApi.PATH.substring(1)))
                || path.get(0).equals(Console.ASSET_PATH.replace("/", ""));
    }

    /** The role a path needs; empty for paths that need only a valid token (unknown paths answer 404 then). */
    private static Optional<Role> requiredRole(List<String> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        return switch (path.get(0)) {
            case "customers", "program" -> Optional.of(Role.READ);
            case "metrics" -> path.size() == 1 ? Optional.of(Role.READ) : Optional.empty();
            case "events" -> Optional.of(Role.PUBLISH);
            case "internal" -> Optional.of(Role.ADMIN);
            default -> Optional.empty();
        };
    }

    /**
     * Reads the whole body without holding a thread while it arrives, then runs {@code then} on a
     * server thread. A declared length above the limit is refused before reading a byte; a body
     * that takes longer than the read deadline is cut off with 408.
     */
    private void withBody(Exchange ex, Consumer<byte[]> then) {
        if (ex.request.getLength() > MAX_BODY_BYTES) {
            ex.closeAfter();
            ex.sendError(ApiError.payloadTooLarge(MAX_BODY_BYTES));
            return;
        }
        Executor threads = server.getThreadPool();
        CompletableFuture<byte[]> body = new CompletableFuture<>();
        Content.Source.asByteArrayAsync(ex.request, MAX_BODY_BYTES, Promise.Invocable.toPromise(body));
        body.orTimeout(readDeadline.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((bytes, failure) -> {
                    if (failure == null) {
                        safely(ex, () -> then.accept(bytes));
                    } else {
                        bodyFailed(ex, failure instanceof CompletionException ? failure.getCause() : failure);
                    }
                }, threads);
    }

    private void bodyFailed(Exchange ex, Throwable cause) {
        ex.closeAfter();
        if (cause instanceof TimeoutException) {
            ex.request.fail(cause);
            ex.sendError(new ApiError(408, "request_timeout", "the body did not arrive within "
                    + readDeadline.toSeconds() + " s"));
        } else if (cause instanceof IllegalStateException) {
            // How Jetty's accumulator refuses a body (sent without Content-Length) that grows past the limit.
            ex.sendError(ApiError.payloadTooLarge(MAX_BODY_BYTES));
        } else {
            LOG.debug("could not read a request body: {}", cause.toString());
            ex.sendError(ApiError.badRequest("the body could not be read"));
        }
    }

    private void customer(Exchange ex, String customerId) {
        aboutCustomer(ex, customerId, (partition, copy) -> reader.view(customerId, partition, copy));
    }

    private void ledger(Exchange ex, String customerId) {
        Map<String, String> query = query(ex.rawQuery());
        long fromSeq;
        int limit;
        try {
            fromSeq = Long.parseLong(query.getOrDefault("fromSeq", "1"));
            limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_LEDGER_LIMIT)));
        } catch (NumberFormatException e) {
            ex.sendError(ApiError.badRequest("fromSeq and limit must be whole numbers"));
            return;
        }
        if (fromSeq < 1) {
            ex.sendError(ApiError.badRequest("fromSeq must be at least 1"));
            return;
        }
        if (limit < 1 || limit > MAX_LEDGER_LIMIT) {
            ex.sendError(ApiError.badRequest("limit must be between 1 and " + MAX_LEDGER_LIMIT));
            return;
        }
        aboutCustomer(ex, customerId, (partition, copy) -> {
            if (reader.view(customerId, partition, copy).isEmpty()) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('[');
            boolean first = true;
            for (byte[] entry : reader.history(customerId, partition, fromSeq, limit, copy)) {
                if (!first) {
                    out.write(',');
                }
                out.writeBytes(entry);
                first = false;
            }
            out.write(']');
            return Optional.of(out.toByteArray());
        });
    }

    /** What a request asks about one customer, read from this instance's copy of its partition. */
    @FunctionalInterface
    private interface CustomerRead {
        /**
         * @return the JSON answer; empty for an unknown customer
         * @throws ProjectionReader.Unavailable when this instance cannot read such a copy now
         */
        Optional<byte[]> read(int partition, ProjectionReader.Copy copy);
    }

    /**
     * Answers from this instance's active copy when it holds the customer, else by forwarding to the
     * instance that does. When that instance is not known, does not answer or answers 503, and when
     * the request was forwarded here already (it is never forwarded twice), the answer comes from
     * whatever copy this instance holds (standby or restoring) marked {@link #STALE_HEADER}; 503
     * when it holds none.
     */
    private void aboutCustomer(Exchange ex, String customerId, CustomerRead read) {
        ProjectionReader.Owner owner = reader.owner(customerId);
        int partition;
        String whyNotCurrent;
        if (owner instanceof ProjectionReader.Local local) {
            try {
                answer(ex, customerId, read.read(local.partition(), ProjectionReader.Copy.ACTIVE), false);
                return;
            } catch (ProjectionReader.Unavailable e) {
                partition = local.partition();
                whyNotCurrent = e.getMessage();
            }
        } else if (owner instanceof ProjectionReader.Remote remote) {
            partition = remote.partition();
            if (ex.header(FORWARDED_HEADER).isPresent()) {
                whyNotCurrent = "the instance at " + remote.baseUrl() + " holds customer " + customerId
                        + " (this request was forwarded here already)";
            } else {
                Optional<String> failure = forward(ex, remote.baseUrl());
                if (failure.isEmpty()) {
                    return;
                }
                whyNotCurrent = failure.get();
            }
        } else {
            partition = ((ProjectionReader.NotAvailable) owner).partition();
            whyNotCurrent = "the instance holding customer " + customerId + " is not known right now (rebalancing)";
        }
        if (partition < 0) {
            ex.sendError(ApiError.unavailable(whyNotCurrent));
            return;
        }
        Optional<byte[]> stale;
        try {
            stale = readAnyCopy(partition, read);
        } catch (ProjectionReader.Unavailable e) {
            ex.sendError(ApiError.unavailable(whyNotCurrent + "; and this instance holds no copy to answer from"));
            return;
        }
        // A copy that lags, above all one restored from scratch after a crash, cannot tell that a customer
        // does not exist; 503 also lets an instance that forwarded here answer from its own copy.
        if (stale.isEmpty()) {
            ex.sendError(ApiError.unavailable(whyNotCurrent + "; and the copy this instance holds, which may lag"
                    + " behind the ledger, does not know customer " + customerId));
            return;
        }
        answer(ex, customerId, stale, true);
    }

    private static Optional<byte[]> readAnyCopy(int partition, CustomerRead read) {
        long deadline = System.nanoTime() + COPY_MOVE_PATIENCE.toNanos();
        while (true) {
            try {
                return read.read(partition, ProjectionReader.Copy.ANY);
            } catch (ProjectionReader.Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(COPY_RETRY_INTERVAL.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void answer(Exchange ex, String customerId, Optional<byte[]> json, boolean stale) {
        if (stale) {
            ex.setHeader(STALE_HEADER, "true");
        }
        if (json.isEmpty()) {
            ex.sendError(unknownCustomer(customerId));
        } else {
            ex.send(200, "application/json", json.get());
        }
    }

    /**
     * Relays the other instance's answer, unless it could not answer.
     *
     * @return empty when the answer was relayed; otherwise why not, and nothing has been sent
     */
    private Optional<String> forward(Exchange ex, String baseUrl) {
        String base = instanceUrl(baseUrl);
        Asked asked = ask(ex, base, ex.rawPath() + (ex.rawQuery() == null ? "" : "?" + ex.rawQuery()));
        if (asked.failure() != null) {
            return Optional.of(asked.failure());
        }
        HttpResponse<byte[]> response = asked.response();
        if (response.statusCode() == 503) {
            return Optional.of("the instance at " + base + " could not answer (503)");
        }
        for (String header : List.of("Retry-After", STALE_HEADER)) {
            response.headers().firstValue(header).ifPresent(v -> ex.setHeader(header, v));
        }
        ex.send(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/json"),
                response.body());
        return Optional.empty();
    }

    private void programMetrics(Exchange ex) {
        ProgramTotals sum = reader.localTotals();
        for (String other : reader.otherInstances()) {
            String base = instanceUrl(other);
            Asked asked = ask(ex, base, TOTALS_PATH);
            if (asked.failure() != null) {
                ex.sendError(ApiError.unavailable(asked.failure()));
                return;
            }
            HttpResponse<byte[]> response = asked.response();
            if (response.statusCode() != 200) {
                ex.sendError(ApiError.unavailable("the instance at " + base + " answered " + response.statusCode()));
                return;
            }
            sum.add(ProgramTotals.fromJson(response.body()));
        }
        ex.send(200, "application/json", ProgramMetrics.of(sum).toJson());
    }

    /** Another instance's address; every instance runs with the same access settings, so HTTPS when this one does. */
    private String instanceUrl(String baseUrl) {
        return access.tls().isPresent() ? baseUrl.replaceFirst("^http:", "https:") : baseUrl;
    }

    /** Another instance's answer, or why there is none. */
    private record Asked(HttpResponse<byte[]> response, String failure) {
    }

    /** Asks the instance at {@code base} for {@code pathAndQuery} on behalf of the caller of {@code ex}. */
    private Asked ask(Exchange ex, String base, String pathAndQuery) {
        try {
            return new Asked(client().send(get(URI.create(base + pathAndQuery), ex), HttpResponse.BodyHandlers.ofByteArray()),
                    null);
        } catch (IOException e) {
            return new Asked(null, "the instance at " + base + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Asked(null, "interrupted while asking " + base);
        }
    }

    /**
     * The client that asks other instances, built when first needed: building one loads the JVM's TLS trust
     * store, about a tenth of the main thread's CPU in a start, and a lone instance never needs it.
     */
    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                }
                built = client;
            }
        }
        return built;
    }

    /** A request to another instance, on behalf of (and with the token of) the caller of {@code ex}. */
    private HttpRequest get(URI uri, Exchange ex) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header(FORWARDED_HEADER, "true").GET();
        ex.header(HttpHeader.AUTHORIZATION.asString()).ifPresent(token -> request.header("Authorization", token));
        return request.build();
    }

    private void startReplay(Exchange ex, byte[] body) {
        Boolean resend = resendSignals(query(ex.rawQuery()).get("resendSignals"), body);
        if (resend == null) {
            ex.sendError(ApiError.badRequest("resendSignals must be true or false, in the query or as "
                    + "{\"resendSignals\":true} in the body"));
            return;
        }
        try {
            ex.send(202, "application/json", replay.start(resend));
        } catch (ReplayControl.Refused e) {
            ex.sendError(new ApiError(409, "conflict", e.getMessage()));
        }
    }

    /** From the query, else from a JSON body; false when neither says; null when either is not a boolean. */
    private static Boolean resendSignals(String fromQuery, byte[] body) {
        if (fromQuery != null) {
            return fromQuery.equals("true") ? Boolean.TRUE : fromQuery.equals("false") ? Boolean.FALSE : null;
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

    private void events(Exchange ex, byte[] body) {
        List<EventPublisher.KeyedEvent> events;
        try {
            events = EventBatch.parse(body);
        } catch (EventBatch.Invalid e) {
            ex.sendError(ApiError.badRequest(e.getMessage()));
            return;
        }
        try {
            publisher.publish(events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendError(ApiError.unavailable("interrupted while publishing"));
            return;
        } catch (Exception e) {
            LOG.warn("could not publish {} events: {}", events.size(), e.toString());
            ex.sendError(ApiError.unavailable("the events could not be published: " + e.getMessage()));
            return;
        }
        ex.send(202, "application/json", ("{\"accepted\":" + events.size() + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static ApiError unknownCustomer(String customerId) {
        return ApiError.notFound("no customer " + customerId);
    }

    /** @throws IllegalArgumentException for a malformed percent-escape */
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
                    try {
                        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        // A malformed escape leaves the parameter out; the route then answers as if it were absent.
                    }
                }
            }
        }
        return params;
    }
}
