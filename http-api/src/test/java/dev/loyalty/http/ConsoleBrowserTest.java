package dev.loyalty.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.loyalty.projections.ProgramTotals;
import dev.loyalty.projections.query.ProjectionReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations console in a real headless browser (Debian's chromium; skipped where there is none):
 * the page loads customer c-1 from its {@code ?customer=} parameter and shows what the API answers,
 * with no script error and nothing refused by its Content-Security-Policy.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String VIEW = """
            {"customerId":"c-1","balance":75,"tier":"SILVER","qualifyingSpend":"620.00","lifetimeEarned":125,\
            "lifetimeRedeemed":50,"lifetimeExpired":0,"lastPurchaseAt":"2026-11-20T09:00:00Z","status":"ACTIVE",\
            "nextExpiry":{"points":75,"expiresAt":"2027-11-20T09:00:00Z"},"seq":3}""";
    private static final List<String> LEDGER = List.of("""
            {"entryId":"c-1:1","customerId":"c-1","seq":1,"kind":"EARNED","points":100,"balanceAfter":100,\
            "sourceEventId":"pos-1","occurredAt":"2026-11-01T10:00:00Z","recordedAt":"2026-11-01T10:00:01Z",\
            "tier":"MEMBER","programVersion":1,"lot":{"id":"c-1:1","expiresAt":"2027-11-01T10:00:00Z","points":100},\
            "hash":"h1"}""", """
            {"entryId":"c-1:2","customerId":"c-1","seq":2,"kind":"REDEEMED","points":-50,"balanceAfter":50,\
            "sourceEventId":"app-1","occurredAt":"2026-11-10T10:00:00Z","recordedAt":"2026-11-10T10:00:01Z",\
            "tier":"MEMBER","programVersion":1,"consumed":[{"lot":"c-1:1","points":50}],"hash":"h2"}""", """
            {"entryId":"c-1:3","customerId":"c-1","seq":3,"kind":"BONUS","points":25,"balanceAfter":75,\
            "sourceEventId":"web-1","occurredAt":"2026-11-20T09:00:00Z","recordedAt":"2026-11-20T09:00:01Z",\
            "tier":"SILVER","programVersion":1,"lot":{"id":"c-1:3","expiresAt":"2027-11-20T09:00:00Z","points":25},\
            "hash":"h3"}""");
    private static final String TOTALS = """
            {"members":7,"activeMembers":5,"purchasers":4,"repeatPurchasers":2,"orders":9,"pointsIssued":800,\
            "pointsRedeemed":200,"pointsExpired":40,"pointsOutstanding":560,"membersPerTier":{"GOLD":1,"MEMBER":4,"SILVER":2}}""";
    private static final String REPLAY = """
            {"state":"RUNNING","generation":2,"entriesRead":500,"entriesTotal":1000,"entriesPerSec":250.0,"secondsLeft":2}""";

    @TempDir
    Path dir;
    private HttpApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void showsTheCustomerTheLedgerTheMetricsAndTheReplay() throws Exception {
        api = new HttpApi(0, HttpAccess.loopback(), new ConsoleReader(), events -> { }, Optional::empty, () -> "",
                replay());
        api.start();

        Browser page = browse("/?customer=c-1");

        for (String entry : List.of("c-1:1", "c-1:2", "c-1:3")) {
            assertThat(page.dom()).contains("<td>" + entry + "</td>");
        }
        assertThat(page.dom()).contains("<td class=\"num\">-50</td><td class=\"num\">50</td>")
                .contains("balance over time: 3 entries")
                .contains("data-metric=\"balance\"><span class=\"label\">balance</span><span class=\"value\">75</span>")
                .contains("<span class=\"value\">75 on 2027-11-20 09:00:00Z</span>");
        assertThat(page.dom()).as("the open lots: 50 of 100 left, and 25")
                .contains("<td>c-1:1</td><td class=\"num\">50</td><td class=\"num\">100</td>")
                .contains("<td>c-1:3</td><td class=\"num\">25</td><td class=\"num\">25</td>");
        assertThat(page.dom()).as("the program tiles")
                .contains("data-metric=\"pointsOutstanding\"><span class=\"label\">liability (points outstanding)</span>"
                        + "<span class=\"value\">560</span>")
                .contains("data-metric=\"redemptionRate\"><span class=\"label\">redemption rate</span>"
                        + "<span class=\"value\">25.0%</span>")
                .contains("data-metric=\"breakageRate\"><span class=\"label\">breakage rate</span>"
                        + "<span class=\"value\">5.0%</span>")
                .contains("<li data-tier=\"SILVER\"><span>SILVER</span><span class=\"value\">2</span></li>");
        assertThat(page.dom()).contains("RUNNING, generation 2: 500 of 1,000 entries, 250/s, 2 s left");
        page.assertNoScriptErrors();
    }

    @Test
    void withTokensAndNoneGivenThePageLoadsAndSaysWhichTokenIsNeeded() throws Exception {
        Path tokens = dir.resolve("http-tokens");
        Files.writeString(tokens, AccessTokens.line(AccessTokens.newToken(), EnumSet.of(Role.READ)) + "\n");
        HttpAccess access = new HttpAccess("127.0.0.1", AccessTokens.load(tokens), Optional.empty());
        api = new HttpApi(0, access, new ConsoleReader(), events -> { }, Optional::empty, () -> "", replay());
        api.start();

        HttpResponse<String> asset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/console/chart.umd.min.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(asset.statusCode()).as("the console's files need no token").isEqualTo(200);
        assertThat(asset.body()).contains("Chart.js v");

        Browser page = browse("/?customer=c-1");

        assertThat(page.dom()).contains("Customer c-1: needs a token with the role read")
                .contains("Program metrics: needs a token with the role read")
                .contains("needs admin token")
                .doesNotContain("<td>c-1:1</td>");
        page.assertNoScriptErrors();
    }

    private static ReplayControl replay() {
        return new ReplayControl() {
            @Override
            public byte[] start(boolean resendSignals) {
                return progress();
            }

            @Override
            public byte[] progress() {
                return REPLAY.getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** The page's DOM after its scripts ran, and what the browser logged. */
    private record Browser(String dom, String log) {

        void assertNoScriptErrors() {
            assertThat(log).as("browser log").doesNotContain("Uncaught").doesNotContain("Refused to");
        }
    }

    private Browser browse(String path) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + ": the console's browser test is skipped");
        Path log = dir.resolve("chromium.log");
        Path dom = dir.resolve("dom.html");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless=new", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--dump-dom", "http://127.0.0.1:" + api.port() + path)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
            chromium.destroyForcibly().waitFor();
        }
        assertThat(chromium.exitValue()).as("chromium's exit code; its log: " + Files.readString(log)).isZero();
        return new Browser(Files.readString(dom), Files.readString(log));
    }

    /** One customer, c-1, with three entries; program totals and nothing else. */
    private static final class ConsoleReader implements ProjectionReader {

        @Override
        public Owner owner(String customerId) {
            return new Local(0);
        }

        @Override
        public Optional<byte[]> view(String customerId, int partition, Copy copy) {
            return customerId.equals("c-1") ? Optional.of(VIEW.getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        }

        @Override
        public List<byte[]> history(String customerId, int partition, long fromSeq, int limit, Copy copy) {
            return LEDGER.stream().skip(fromSeq - 1).limit(limit).map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
        }

        @Override
        public ProgramTotals localTotals() {
            return ProgramTotals.fromJson(TOTALS.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public List<String> otherInstances() {
            return List.of();
        }
    }
}
