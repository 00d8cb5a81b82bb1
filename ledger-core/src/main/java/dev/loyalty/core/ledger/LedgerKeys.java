package dev.loyalty.core.ledger;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ledger's HMAC-SHA256 keys, by key id. The first key signs new entries; every key checks, so a
 * key can be rotated by putting the new one first and keeping the old ones for the entries they signed.
 * Written as {@code keyId=base64key} lines; blank lines and {@code #} comments are skipped.
 */
public final class LedgerKeys {

    public static final LedgerKeys NONE = new LedgerKeys(Map.of());

    /** HMAC-SHA256 keys shorter than the hash add no strength (RFC 2104 section 3). */
    public static final int MIN_KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, SecretKeySpec> keys;
    private final String signingKeyId;

    private LedgerKeys(Map<String, SecretKeySpec> keys) {
        this.keys = keys;
        this.signingKeyId = keys.isEmpty() ? null : keys.keySet().iterator().next();
    }

    /**
     * @throws IllegalArgumentException naming every line that is not {@code keyId=base64key} with a key of
     *     at least {@value #MIN_KEY_BYTES} bytes, a repeated key id, or a text with no key at all
     */
    public static LedgerKeys parse(String text) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "line " + (i + 1) + ": ";
            int eq = line.indexOf('=');
            String id = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!KEY_ID.matcher(id).matches()) {
                errors.add(where + "expected keyId=base64key, the key id made of 1 to 64 letters, digits, '.', '_', '-'");
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(line.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                errors.add(where + "key " + id + " is not base64");
                continue;
            }
            if (key.length < MIN_KEY_BYTES) {
                errors.add(where + "key " + id + " has " + key.length + " bytes; at least " + MIN_KEY_BYTES
                        + " random bytes are needed");
            } else if (keys.putIfAbsent(id, new SecretKeySpec(key, ALGORITHM)) != null) {
                errors.add(where + "key id " + id + " appears twice");
            }
        }
        if (errors.isEmpty() && keys.isEmpty()) {
            errors.add("no key (expected keyId=base64key lines)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new LedgerKeys(Collections.unmodifiableMap(keys));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The id of the key new entries are signed with; null when there is no key. */
    public String signingKeyId() {
        return signingKeyId;
    }

    EntryMac sign(String hash) {
        return new EntryMac(signingKeyId, HEX.formatHex(mac(keys.get(signingKeyId), hash)));
    }

    /** Why {@code mac} is not a signature of {@code hash} by one of these keys; empty when it is. */
    Optional<String> problem(EntryMac mac, String hash) {
        SecretKeySpec key = mac.keyId() == null ? null : keys.get(mac.keyId());
        if (key == null) {
            return Optional.of("mac names key id " + mac.keyId() + ", which is not a ledger key");
        }
        byte[] claimed;
        try {
            claimed = HEX.parseHex(mac.value() == null ? "" : mac.value());
        } catch (IllegalArgumentException e) {
            return Optional.of("mac value is not hex");
        }
        if (!MessageDigest.isEqual(claimed, mac(key, hash))) {
            return Optional.of("mac does not check under key " + mac.keyId());
        }
        return Optional.empty();
    }

    // A Mac object is not thread-safe and the stream threads share these keys: one per use.
    private static byte[] mac(SecretKeySpec key, String hash) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(hash.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
