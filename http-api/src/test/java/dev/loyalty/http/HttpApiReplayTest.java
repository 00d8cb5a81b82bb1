package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.json.Json;
import dev.loyalty.projections.query.SwitchableProjectionReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /internal/replay}: how the API hands a rebuild request to the runtime and answers for it. */
class HttpApiReplayTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Boolean> started = new ArrayList<>();
    private boolean running;
    private HttpApi api;

    private final ReplayControl control = new ReplayControl() {
        @Override
        public byte[] start(boolean resendSignals) {
            if (running) {
                throw new Refused("generation 1 is being rebuilt");
            }
            started.add(resendSignals);
            return progress();
        }

        @Override
        public byte[] progress() {
            return "{\"state\":\"RUNNING\",\"generation\":1}".getBytes(StandardCharsets.UTF_8);
        }
    };

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void startsARebuildWithResendSignalsFromTheQueryOrTheBody() throws Exception {
        serve(control);

        assertThat(send("POST", "/internal/replay", "").statusCode()).isEqualTo(202);
        assertThat(send("POST", "/internal/replay?resendSignals=true", "").statusCode()).isEqualTo(202);
        HttpResponse<String> fromBody = send("POST", "/internal/replay", "{\"resendSignals\":true}");

        assertThat(fromBody.statusCode()).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(fromBody.body()).path("state").asText()).isEqualTo("RUNNING");
        assertThat(started).containsExactly(false, true, true);
    }

    @Test
    void refusesAnUnclearFlagASecondRebuildAndOtherMethods() throws Exception {
        serve(control);

        assertThat(send("POST", "/internal/replay?resendSignals=yes", "").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/internal/replay", "{\"resendSignals\":\"true\"}").statusCode()).isEqualTo(400);
        running = true;
        HttpResponse<String> conflict = send("POST", "/internal/replay", "");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(conflict.body()).path("error").asText()).isEqualTo("conflict");
        HttpResponse<String> delete = send("DELETE", "/internal/replay", "");
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(started).isEmpty();
    }

    @Test
    void answersTheProgress() throws Exception {
        serve(control);

        HttpResponse<String> progress = send("GET", "/internal/replay", "");

        assertThat(progress.statusCode()).isEqualTo(200);
        assertThat(progress.body()).isEqualTo("{\"state\":\"RUNNING\",\"generation\":1}");
    }

    @Test
    void withoutReplayThePathDoesNotExist() throws Exception {
        serve(null);

        assertThat(send("POST", "/internal/replay", "").statusCode()).isEqualTo(404);
    }

    private void serve(ReplayControl replay) throws IOException {
        api = new HttpApi(0, HttpAccess.loopback(), new SwitchableProjectionReader(null), events -> { }, Readiness.READY, () -> "", replay);
        api.start();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
