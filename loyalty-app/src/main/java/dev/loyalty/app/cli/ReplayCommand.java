package dev.loyalty.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.app.config.ConfigSources;
import dev.loyalty.app.config.Setting;
import dev.loyalty.app.config.SettingValue;
import dev.loyalty.app.verify.Progress;
import dev.loyalty.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./loyalty replay}: rebuild the projections of a running system from the ledger, without downtime. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rebuilds every projection from the beginning of the ledger in the running system. Queries keep "
                + "being answered by the current views while the rebuilt ones catch up; then the rebuilt views "
                + "serve and the old ones are dropped.",
            "",
            "The rebuild sends marketing no signal that was already sent, unless --resend-signals.",
            ""},
        footer = {"", "Exit codes: 0 the rebuilt views serve, 1 the rebuild failed, 2 bad options or the system "
                + "could not be reached."})
public final class ReplayCommand implements Callable<Integer> {

    private static final String PATH = "/internal/replay";
    private static final long POLL_MILLIS = 1000;
    /** Polls that may fail in a row (the system restarting, a slow answer) before giving up. */
    private static final int MAX_FAILED_POLLS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--http-url", paramLabel = "URL",
            description = "HTTP API of the running system (default: where run listens with the same settings, "
                    + "such as LOYALTY_HTTP_PORT; else http://localhost:8080).")
    URI httpUrl;

    @Option(names = "--http-token", paramLabel = "TOKEN",
            description = "Access token with role admin, when the system asks for tokens (default: the one in "
                    + "LOYALTY_HTTP_TOKEN, or http.token in the --config file).")
    String httpToken;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the same settings as run's (docs/configuration.md), LOYALTY_CONFIG "
                    + "when not given. LOYALTY_* variables override it, flags override both.")
    Path config;

    @Option(names = "--resend-signals", description = "Send every signal of the rebuild again, even those already sent.")
    boolean resendSignals;

    /**
     * Built when the verb runs, not with the command: picocli creates every verb's command at each start
     * of any verb, and the JDK client's TLS set-up costs a fifth of a second of every {@code run} start.
     */
    private HttpClient client;
    private Optional<String> token = Optional.empty();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigSources sources = ConfigSources.load(config, System.getenv());
        URI base = sources.httpUrl(httpUrl);
        URI endpoint = URI.create(base.toString().replaceAll("/+$", "") + PATH);
        token = sources.lookup(Setting.HTTP_TOKEN, httpToken).map(SettingValue::raw);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> started;
        try {
            started = client.send(request(URI.create(endpoint + "?resendSignals=" + resendSignals))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            err.println("loyalty replay: cannot reach the system at " + base + ": " + describe(e));
            return LoyaltyCli.UNREACHABLE;
        }
        if (started.statusCode() == 409) {
            // Refused: a replay runs already, which this command then follows, or none can run here.
            err.println("loyalty replay: " + reason(started.body()));
            if (!running(endpoint)) {
                return 1;
            }
            err.println("loyalty replay: following the replay under way");
        } else if (started.statusCode() == 401 || started.statusCode() == 403) {
            err.println("loyalty replay: " + base + " refused the request (" + started.statusCode() + "): "
                    + reason(started.body()) + "; give a token with role admin (--http-token or LOYALTY_HTTP_TOKEN)");
            return LoyaltyCli.UNREACHABLE;
        } else if (started.statusCode() != 202) {
            err.println("loyalty replay: " + base + " answered " + started.statusCode() + " " + started.body());
            return LoyaltyCli.UNREACHABLE;
        }
        return follow(endpoint, out, err);
    }

    private int follow(URI endpoint, PrintWriter out, PrintWriter err) throws InterruptedException {
        Progress progress = Progress.onStderr("replay");
        int failedPolls = 0;
        while (true) {
            Thread.sleep(POLL_MILLIS);
            JsonNode state;
            try {
                HttpResponse<String> answer = client.send(request(endpoint)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IOException("answered " + answer.statusCode() + " " + answer.body());
                }
                state = Json.MAPPER.readTree(answer.body());
                failedPolls = 0;
            } catch (IOException e) {
                if (++failedPolls >= MAX_FAILED_POLLS) {
                    err.println("loyalty replay: lost the system at " + endpoint + ": " + describe(e));
                    return 1;
                }
                continue;
            }
            long read = state.path("entriesRead").asLong();
            progress.start(state.path("entriesTotal").asLong());
            switch (state.path("state").asText()) {
                case "DONE" -> {
                    progress.done(read);
                    out.printf("replay done: generation %d serves the rebuilt views (%,d ledger entries read)%n",
                            state.path("generation").asLong(), read);
                    return 0;
                }
                case "FAILED" -> {
                    out.printf("replay failed: generation %d: %s%n", state.path("generation").asLong(),
                            state.path("error").asText("no reason given"));
                    return 1;
                }
                default -> progress.advance(read);
            }
        }
    }

    private boolean running(URI endpoint) throws InterruptedException {
        try {
            HttpResponse<String> answer = client.send(request(endpoint).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200
                    && Json.MAPPER.readTree(answer.body()).path("state").asText().equals("RUNNING");
        } catch (IOException e) {
            return false;
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request;
    }

    private static String reason(String errorBody) {
        try {
            return Json.MAPPER.readTree(errorBody).path("reason").asText(errorBody);
        } catch (IOException e) {
            return errorBody;
        }
    }

    /** The JDK's client says little (a ConnectException has no message): name the usual causes. */
    private static String describe(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused (is './loyalty run' up, and is this its HTTP port?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() != null ? e.getMessage() : "no reason given";
    }
}
