package dev.loyalty.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyalty.core.event.RejectReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RejectionRecordTest {

    private static RejectionRecord of(String message, byte[] payload) {
        return RejectionRecord.of("e1", "c-1", RejectReason.TOO_LARGE, message, payload, "loyalty.events", 3, 42,
                Instant.parse("2026-11-27T12:00:00Z"));
    }

    @Test
    void aSmallPayloadIsKeptWholeWithoutSizeOrHash() {
        RejectionRecord r = RejectionRecord.fromJson(of("bad", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).toJson());
        assertThat(r.payload()).isEqualTo("{\"a\":1}");
        assertThat(r.payloadBytes()).isNull();
        assertThat(r.payloadSha256()).isNull();
        assertThat(new String(of("bad", new byte[] {1}).toJson(), StandardCharsets.UTF_8))
                .doesNotContain("payloadBytes").doesNotContain("payloadSha256");
    }

    @Test
    void aLargePayloadKeepsItsFirst16KibWithTheSizeAndHashOfTheWhole() throws Exception {
        // 350,000 quotes: JSON escapes each, so the record would double the input without the cut
        byte[] whole = "\"".repeat(350_000).getBytes(StandardCharsets.UTF_8);
        byte[] json = of("bad", whole).toJson();
        assertThat(json.length).isLessThan(40_000);
        RejectionRecord r = RejectionRecord.fromJson(json);
        assertThat(r.payload()).hasSize(16 * 1024);
        assertThat(r.payloadBytes()).isEqualTo(350_000);
        assertThat(r.payloadSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(whole)));
    }

    @Test
    void theCutNeverSplitsACharacter() {
        byte[] whole = ("x" + "\u20ac".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
        RejectionRecord r = of("bad", whole);
        assertThat(r.payload()).doesNotContain("\ufffd").startsWith("x\u20ac");
        assertThat(r.payload().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAsBase64OfTheFirst16Kib() {
        byte[] whole = new byte[100_000];
        whole[0] = (byte) 0xff;
        RejectionRecord r = of("bad", whole);
        assertThat(r.payloadEncoding()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(r.payload())).hasSize(16 * 1024);
        assertThat(r.payloadBytes()).isEqualTo(100_000);
    }

    @Test
    void theMessageIsCutAt512Characters() {
        assertThat(of("m".repeat(2_000_000), null).message()).hasSize(512).endsWith("...");
        assertThat(of("m".repeat(512), null).message()).hasSize(512).doesNotContain(".");
    }
}
