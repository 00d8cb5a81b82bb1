package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow, oversized and malformed requests are cut off, answered in JSON, and delay nobody else. */
class HttpLimitsTest {

    private static final int SLOW_CLIENTS = 16;
    /** Generous: proves nobody waits for the slow clients, without being a timing goal. */
    private static final Duration NO_STARVATION = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> slowSockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private HttpApi api;

    private void start(Duration readDeadline) throws IOException {
        api = new HttpApi(0, HttpAccess.loopback(), new OneCustomerReader(), events -> { }, Readiness.READY, () -> "", null, null,
                readDeadline);
        api.start();
    }

    @AfterEach
    void stop() throws IOException {
        trickle.shutdownNow();
        for (Socket s : slowSockets) {
            s.close();
        }
        api.close();
    }

    @Test
    void sixteenClientsSendingOneBytePerSecondDelayNeitherHealthNorBalanceQueries() throws Exception {
        start(HttpApi.READ_DEADLINE);
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            boolean body = i % 2 == 0;
            trickling(body ? "POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"
                    : "GET /customers/c-1 HTTP/1.1\r\nHost: x\r\n", body ? ' ' : 'X');
        }
        Thread.sleep(1500);

        for (int i = 0; i < 20; i++) {
            for (String path : List.of("/health", "/customers/c-1")) {
                long started = System.nanoTime();
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri(path))
                        .timeout(NO_STARVATION).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NO_STARVATION);
            }
        }
    }

    @Test
    void aHugeContentLengthIsRefusedAtOnceWithoutReadingTheBody() throws Exception {
        start(HttpApi.READ_DEADLINE);
        long started = System.nanoTime();
        String answer = RawHttp.exchange(api.port(),
                "POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(413);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NO_STARVATION);
        assertThat(jsonError(answer)).isEqualTo("payload_too_large");
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() throws Exception {
        start(HttpApi.READ_DEADLINE);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri("/events"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        new byte[HttpApi.MAX_BODY_BYTES + 1]))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(answer.body()).path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void malformedPercentEscapesInThePathAreAJson400() throws Exception {
        start(HttpApi.READ_DEADLINE);
        for (String path : List.of("/customers/%zz", "/customers/%", "/customers/%zz/ledger")) {
            String answer = RawHttp.exchange(api.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(RawHttp.status(answer)).as(path).isEqualTo(400);
            assertThat(answer).as(path).containsIgnoringCase("Content-Type: application/json");
            assertThat(jsonError(answer)).as(path).isEqualTo("bad_request");
        }
    }

    @Test
    void headersOverTheLimitAreAJson431() throws Exception {
        start(HttpApi.READ_DEADLINE);
        String answer = RawHttp.exchange(api.port(), "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(HttpApi.MAX_HEADER_BYTES) + "\r\nConnection: close\r\n\r\n");

        assertThat(RawHttp.status(answer)).isEqualTo(431);
        assertThat(jsonError(answer)).isEqualTo("request_header_fields_too_large");
    }

    @Test
    void aBodyThatMissesTheDeadlineIsCutOffWith408() throws Exception {
        start(Duration.ofSeconds(1));
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = RawHttp.readUntilClosed(socket.getInputStream());

            assertThat(RawHttp.status(answer)).isEqualTo(408);
            assertThat(jsonError(answer)).isEqualTo("request_timeout");
        }
    }

    @Test
    void headersThatMissTheDeadlineLoseTheirConnection() throws Exception {
        start(Duration.ofSeconds(1));
        try (Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private void trickling(String start, char filler) throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port());
        slowSockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        trickle.scheduleAtFixedRate(() -> {
            try {
                out.write(filler);
                out.flush();
            } catch (IOException e) {
                // The server cut this client off: that is allowed, it only has to keep answering the others.
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    private static String jsonError(String answer) throws IOException {
        JsonNode body = Json.MAPPER.readTree(RawHttp.body(answer));
        assertThat(body.path("reason").asText()).isNotBlank();
        return body.path("error").asText();
    }
}
