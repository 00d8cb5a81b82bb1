package dev.loyalty.app.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyalty.app.FreeLocalPort;
import dev.loyalty.core.account.Account;
import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.HttpAccess;
import dev.loyalty.http.HttpApi;
import dev.loyalty.http.Readiness;
import dev.loyalty.http.Role;
import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify's view comparison against an API that asks for tokens. */
class ViewClientTest {

    private static final String READ = AccessTokens.newToken();

    @TempDir
    Path dir;

    private HttpApi api;

    /** Customer c-1 as a new member with nothing earned, as a fresh account folds. */
    private final ProjectionReader reader = new ProjectionReader() {
        @Override
        public Owner owner(String customerId) {
            return new Local(0);
        }

        @Override
        public Optional<byte[]> view(String customerId, int partition, Copy copy) {
            return Optional.of(("{\"customerId\":\"" + customerId + "\",\"balance\":0,\"tier\":\"MEMBER\",\"seq\":0}")
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
            return List.of();
        }

        @Override
        public ProgramTotals localTotals() {
            return new ProgramTotals();
        }

        @Override
        public List<String> otherInstances() {
            return List.of();
        }
    };

    @BeforeEach
    void start() throws Exception {
        Path tokens = Files.writeString(dir.resolve("http-tokens"), AccessTokens.line(READ, EnumSet.of(Role.READ)));
        api = new HttpApi(0, new HttpAccess("127.0.0.1", AccessTokens.load(tokens), Optional.empty()), reader,
                events -> { }, Readiness.READY, () -> "", null);
        api.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void withItsReadTokenTheViewIsCompared() {
        ViewClient client = new ViewClient(URI.create("http://127.0.0.1:" + api.port()), Optional.of(READ));

        assertThat(client.compare(new Account("c-1", "MEMBER"))).isEmpty();
    }

    @Test
    void withoutATokenTheRefusalStopsTheComparisonWithTheWayOut() {
        URI base = URI.create("http://127.0.0.1:" + api.port());
        ViewClient client = new ViewClient(base, Optional.empty());

        client.probe();
        assertThatThrownBy(() -> client.compare(new Account("c-1", "MEMBER")))
                .isInstanceOf(ViewClient.Unavailable.class)
                .hasMessage("the query API at " + base + " answered 401: give a token with role read "
                        + "(--http-token or LOYALTY_HTTP_TOKEN)");
    }

    @Test
    void aQueryApiThatIsNotThereIsSaidOnceWithTheWaysOut() {
        URI base = URI.create("http://127.0.0.1:" + FreeLocalPort.find());
        ViewClient client = new ViewClient(base, Optional.empty());

        assertThatThrownBy(client::probe).isInstanceOf(ViewClient.Unavailable.class)
                .hasMessage("the query API at " + base + " is unreachable (connection refused): start the system, "
                        + "give its URL with --views-url, or check the ledger alone with --skip-views");
    }
}
