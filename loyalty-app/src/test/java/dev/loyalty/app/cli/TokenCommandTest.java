package dev.loyalty.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.app.LoyaltyCli;
import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./loyalty token new}: the token is printed once, only its hash is stored. */
class TokenCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aNewTokenIsPrintedOnceAndOnlyItsHashIsStored() throws Exception {
        Path file = dir.resolve("http-tokens");

        assertThat(run("token", "new", "--role", "read,publish", "--file", file.toString())).isZero();
        String token = out.toString().strip();
        assertThat(run("token", "new", "--role", "admin", "--file", file.toString())).isZero();

        assertThat(Files.readString(file)).doesNotContain(token).hasLineCount(2);
        assertThat(AccessTokens.load(file).rolesOf(token)).contains(EnumSet.of(Role.READ, Role.PUBLISH));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(err.toString()).contains("added a token with role read,publish to " + file);
    }

    @Test
    void anUnknownRoleExitsWithTwo() {
        Path file = dir.resolve("http-tokens");

        assertThat(run("token", "new", "--role", "root", "--file", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("unknown role 'root': read, publish or admin");
        assertThat(file).doesNotExist();
    }

    private int run(String... args) {
        return LoyaltyCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
