package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Customer queries answered while the active copy is restoring, unknown, or on an instance that does
 * not answer: from this instance's own copy, marked stale, and forwarded at most once.
 */
class StaleAnswersTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final Instance a = new Instance("a");
    private final Instance b = new Instance("b");

    @AfterEach
    void stop() {
        a.api.close();
        b.api.close();
    }

    @Test
    void theRunningActiveCopyAnswersUnmarked() throws Exception {
        a.owner = new ProjectionReader.Local(0);
        HttpResponse<String> r = get(a, "/customers/c-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(a.view(ProjectionReader.Copy.ACTIVE));
        assertThat(r.headers().firstValue(HttpApi.STALE_HEADER)).isEmpty();
    }

    @Test
    void anActiveCopyStillRestoringAnswersMarkedStale() throws Exception {
        a.owner = new ProjectionReader.Local(0);
        a.activeReadable = false;
        assertStale(get(a, "/customers/c-1"), a);
        HttpResponse<String> ledger = get(a, "/customers/c-1/ledger");
        assertThat(ledger.statusCode()).isEqualTo(200);
        assertThat(ledger.headers().firstValue(HttpApi.STALE_HEADER)).hasValue("true");
    }

    @Test
    void whileNoInstanceHoldsTheActiveCopyAStandbyAnswersMarkedStale() throws Exception {
        a.owner = new ProjectionReader.NotAvailable(0);
        assertStale(get(a, "/customers/c-1"), a);
    }

    @Test
    void aCopyThatMayLagDoesNotTellThatACustomerIsUnknown() throws Exception {
        a.owner = new ProjectionReader.NotAvailable(0);
        HttpResponse<String> unknown = get(a, "/customers/nobody");
        assertThat(unknown.statusCode()).isEqualTo(503);
        assertThat(unknown.headers().firstValue("Retry-After")).isPresent();
        assertThat(unknown.body()).contains("may lag");
    }

    @Test
    void whenTheOwnersCopyIsRestoringAndDoesNotKnowTheCustomerTheLocalCopyAnswers() throws Exception {
        a.owner = new ProjectionReader.Remote(b.baseUrl(), 0);
        b.owner = new ProjectionReader.Local(0);
        b.activeReadable = false;
        b.knowsCustomer = false;
        assertStale(get(a, "/customers/c-1"), a);
    }

    @Test
    void whenTheOwnerDoesNotAnswerAStandbyAnswersMarkedStale() throws Exception {
        a.owner = new ProjectionReader.Remote("http://localhost:" + closedPort(), 0);
        assertStale(get(a, "/customers/c-1"), a);
    }

    @Test
    void withoutAnyCopyTheAnswerIs503WithRetryAfter() throws Exception {
        a.owner = new ProjectionReader.Remote("http://localhost:" + closedPort(), 0);
        a.holdsCopy = false;
        HttpResponse<String> r = get(a, "/customers/c-1");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).contains("did not answer").contains("holds no copy");
    }

    @Test
    void theOwnersAnswerIsRelayedWithItsStaleMark() throws Exception {
        a.owner = new ProjectionReader.Remote(b.baseUrl(), 0);
        b.owner = new ProjectionReader.Local(0);
        HttpResponse<String> current = get(a, "/customers/c-1");
        assertThat(current.body()).isEqualTo(b.view(ProjectionReader.Copy.ACTIVE));
        assertThat(current.headers().firstValue(HttpApi.STALE_HEADER)).isEmpty();

        b.activeReadable = false;
        assertStale(get(a, "/customers/c-1"), b);
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws Exception {
        // Each instance believes the other holds the customer, as during a rebalance.
        a.owner = new ProjectionReader.Remote(b.baseUrl(), 0);
        b.owner = new ProjectionReader.Remote(a.baseUrl(), 0);
        assertStale(get(a, "/customers/c-1"), b);
        assertThat(a.requests.get()).isEqualTo(1);
        assertThat(b.requests.get()).isEqualTo(1);

        // Without a copy there, b answers 503; a then answers from its own copy.
        b.holdsCopy = false;
        assertStale(get(a, "/customers/c-1"), a);
        assertThat(a.requests.get()).isEqualTo(2);
        assertThat(b.requests.get()).isEqualTo(2);
    }

    private static void assertStale(HttpResponse<String> r, Instance answering) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(answering.view(ProjectionReader.Copy.ANY));
        assertThat(r.headers().firstValue(HttpApi.STALE_HEADER)).hasValue("true");
    }

    private HttpResponse<String> get(Instance instance, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(instance.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An API whose projections hold customer c-1 in partition 0, in copies the test switches. */
    private static final class Instance implements ProjectionReader {

        final String name;
        final HttpApi api;
        final AtomicInteger requests = new AtomicInteger();
        volatile Owner owner = new NotAvailable(-1);
        volatile boolean activeReadable = true;
        volatile boolean holdsCopy = true;
        volatile boolean knowsCustomer = true;

        Instance(String name) {
            this.name = name;
            this.api = new HttpApi(0, this, events -> { }, Readiness.READY, () -> "");
            try {
                api.start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String baseUrl() {
            return "http://localhost:" + api.port();
        }

        String view(Copy copy) {
            return "{\"customerId\":\"c-1\",\"from\":\"" + name + "/" + copy + "\"}";
        }

        @Override
        public Owner owner(String customerId) {
            requests.incrementAndGet();
            return owner;
        }

        @Override
        public Optional<byte[]> view(String customerId, int partition, Copy copy) {
            readable(copy);
            return customerId.equals("c-1") && knowsCustomer ? Optional.of(view(copy).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        }

        @Override
        public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
            readable(copy);
            return List.of("{\"seq\":1}".getBytes(StandardCharsets.UTF_8));
        }

        private void readable(Copy copy) {
            if (copy == Copy.ACTIVE ? !activeReadable : !holdsCopy) {
                throw new Unavailable(name + " cannot read its " + copy + " copy now", null);
            }
        }

        @Override
        public ProgramTotals localTotals() {
            return new ProgramTotals();
        }

        @Override
        public List<String> otherInstances() {
            return List.of();
        }
    }
}
