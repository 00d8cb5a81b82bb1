package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.LoyaltyCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay verb's options and failures; a replay itself is in {@code runtime.ReplayTest}. */
class ReplayCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void explainsItself() {
        assertThat(run("replay", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: loyalty replay").contains("--http-url", "--resend-signals");
    }

    @Test
    void anUnreachableSystemExitsWithTwoAndOneClearLine() {
        String url = "http://localhost:" + FreeLocalPort.find();

        assertThat(run("replay", "--http-url", url)).isEqualTo(2);

        assertThat(err.toString()).startsWith("loyalty replay: cannot reach the system at " + url)
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aUrlThatIsNoHttpAddressExitsWithTwo() {
        assertThat(run("replay", "--http-url", "localhost:8080")).isEqualTo(2);
        assertThat(err.toString()).startsWith("loyalty replay: cannot reach the system at localhost:8080");
    }

    @Test
    void theDefaultAddressFollowsLoyaltyHttpPort() {
        assertThat(ReplayCommand.defaultUrl(Map.of())).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(ReplayCommand.defaultUrl(Map.of("LOYALTY_HTTP_PORT", "9090")))
                .isEqualTo(URI.create("http://localhost:9090"));
        assertThatThrownBy(() -> ReplayCommand.defaultUrl(Map.of("LOYALTY_HTTP_PORT", "http")))
                .hasMessageContaining("LOYALTY_HTTP_PORT must be a port number");
    }

    private int run(String... args) {
        return LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
