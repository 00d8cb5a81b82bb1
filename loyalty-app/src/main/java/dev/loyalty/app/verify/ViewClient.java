package dev.loyalty.app.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.core.account.Account;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the projections' query API ({@code GET /customers/{id}}) for a customer's view and says how
 * it differs from the account folded from the ledger. Only what both sides define the same way is
 * compared: the balance and the tier, when the view has applied exactly the entries verify read
 * ({@code seq}).
 */
public final class ViewClient {

    /** The query API cannot answer for any customer: unreachable, or refusing this client. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Optional<String> token;

    /** @param token sent as {@code Authorization: Bearer}, for a system that asks for access tokens */
    public ViewClient(URI base, Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Asks whether anything answers at the base URL, without a token ({@code /health} needs none).
     *
     * @throws Unavailable when nothing does
     */
    public void probe() {
        URI health = base.resolve("/health");
        try {
            http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reaching the query API at " + base);
        }
    }

    /**
     * A description of the disagreement, or empty when the view matches.
     *
     * @throws Unavailable when the query API cannot be reached or refuses this client
     */
    public Optional<String> compare(Account folded) {
        String id = folded.customerId();
        URI uri = base.resolve("/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(id + " [view]: interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new Unavailable("the query API at " + base + " answered " + response.statusCode()
                    + ": give a token with role read (--http-token or LOYALTY_HTTP_TOKEN)");
        }
        if (response.statusCode() != 200) {
            return Optional.of(id + " seq " + folded.seq() + " [view]: GET " + uri.getPath() + " answered "
                    + response.statusCode() + ", expected the customer's view");
        }
        JsonNode view;
        try {
            view = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return Optional.of(id + " [view]: answer is not JSON");
        }
        // A view that already shows entries appended after verify started is not comparable to the snapshot.
        if (view.has("seq") && view.path("seq").asLong() > folded.seq()) {
            return Optional.empty();
        }
        StringBuilder diff = new StringBuilder();
        if (view.path("balance").asLong(Long.MIN_VALUE) != folded.balance()) {
            diff.append(" balance ").append(view.path("balance")).append(", ledger says ").append(folded.balance()).append(';');
        }
        if (!folded.tier().equals(view.path("tier").asText())) {
            diff.append(" tier ").append(view.path("tier").asText()).append(", ledger says ").append(folded.tier()).append(';');
        }
        return diff.isEmpty() ? Optional.empty()
                : Optional.of(id + " seq " + folded.seq() + " [view]:" + diff);
    }

    /** The JDK's client says little (a refused connection has no message): name the way out. */
    private Unavailable unreachable(IOException e) {
        String reason = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpTimeoutException ? "no answer in time"
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new Unavailable("the query API at " + base + " is unreachable (" + reason + "): start the system, "
                + "give its URL with --views-url, or check the ledger alone with --skip-views");
    }
}
