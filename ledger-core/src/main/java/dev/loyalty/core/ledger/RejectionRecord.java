package dev.loyalty.core.ledger;

import dev.loyalty.core.event.RejectReason;
import dev.loyalty.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A record of loyalty.rejections (SPEC section 5): the reason, and the original bytes with where they
 * came from, so nothing is lost. {@code payload} is the original value as text; a value that is not
 * UTF-8 is given in base64 with {@code payloadEncoding: "base64"}. Whatever the input, the record stays
 * small: the payload keeps the first {@link #MAX_PAYLOAD_BYTES} of the original (then {@code payloadBytes}
 * and {@code payloadSha256} describe the whole), the message the first {@link #MAX_MESSAGE_CHARS}.
 */
public record RejectionRecord(String eventId, String customerId, RejectReason reason, String message, String payload,
                              String payloadEncoding, Integer payloadBytes, String payloadSha256, String topic,
                              int partition, long offset, Instant rejectedAt) {

    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final int MAX_MESSAGE_CHARS = 512;

    public static RejectionRecord of(String eventId, String customerId, RejectReason reason, String message,
                                     byte[] original, String topic, int partition, long offset, Instant rejectedAt) {
        String text = null;
        String encoding = null;
        Integer wholeLength = null;
        String wholeSha256 = null;
        if (original != null) {
            boolean utf8 = isUtf8(original);
            byte[] kept = original;
            if (original.length > MAX_PAYLOAD_BYTES) {
                wholeLength = original.length;
                wholeSha256 = sha256(original);
                kept = Arrays.copyOf(original, utf8 ? utf8Boundary(original, MAX_PAYLOAD_BYTES) : MAX_PAYLOAD_BYTES);
            }
            if (utf8) {
                text = new String(kept, StandardCharsets.UTF_8);
            } else {
                text = Base64.getEncoder().encodeToString(kept);
                encoding = "base64";
            }
        }
        return new RejectionRecord(eventId, customerId, reason, cut(message), text, encoding, wholeLength, wholeSha256,
                topic, partition, offset, rejectedAt);
    }

    public byte[] toJson() {
        return Json.write(this);
    }

    public static RejectionRecord fromJson(byte[] json) {
        return Json.read(json, RejectionRecord.class);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The largest length up to {@code max} that does not cut a UTF-8 character in two. */
    private static int utf8Boundary(byte[] bytes, int max) {
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int end = MAX_MESSAGE_CHARS - 3;
        if (Character.isLowSurrogate(message.charAt(end))) {
            end--;
        }
        return message.substring(0, end) + "...";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
