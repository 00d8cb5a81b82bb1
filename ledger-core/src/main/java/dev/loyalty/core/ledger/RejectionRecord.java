package dev.loyalty.core.ledger;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A record of loyalty.rejections (SPEC section 5): the reason, and the original bytes with where they
 * came from, so nothing is lost. {@code payload} is the original value as text; a value that is not
 * UTF-8 is given in base64 with {@code payloadEncoding: "base64"}.
 */
public record RejectionRecord(String eventId, String customerId, RejectReason reason, String message, String payload,
                              String payloadEncoding, String topic, int partition, long offset, Instant rejectedAt) {

    public static RejectionRecord of(String eventId, String customerId, RejectReason reason, String message,
                                     byte[] original, String topic, int partition, long offset, Instant rejectedAt) {
        String text = null;
        String encoding = null;
        if (original != null) {
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(original)).toString();
            } catch (CharacterCodingException e) {
                text = Base64.getEncoder().encodeToString(original);
                encoding = "base64";
            }
        }
        return new RejectionRecord(eventId, customerId, reason, message, text, encoding, topic, partition, offset,
                rejectedAt);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static RejectionRecord fromJson(byte[] json) {
        return Json.read(json, RejectionRecord.class);
    }
}
