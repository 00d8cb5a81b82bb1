package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.app.LoyaltyCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void withoutAUrlTheSystemIsWhereTheConfigFileSaysRunListens(@TempDir Path dir) throws IOException {
        int port = FreeLocalPort.find();
        Path config = Files.writeString(dir.resolve("loyalty.properties"), "http.port=" + port + "\n");

        assertThat(run("replay", "--config", config.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("loyalty replay: cannot reach the system at http://localhost:" + port);
    }

    private int run(String... args) {
        return LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
