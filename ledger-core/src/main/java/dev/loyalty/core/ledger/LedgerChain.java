package dev.loyalty.core.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The hash chain of SPEC section 3, invariant 6 (documented for third parties in docs/security.md):
 * <pre>
 * content(entry) = the entry's JSON object without its "hash" and "mac" members, in canonical form
 *                  ({@link CanonicalJson}: RFC 8785)
 * hash(entry n)  = lowercase hex SHA-256( ASCII(hash(entry n-1)) || content(entry n) )
 * hash(entry 0)  = 64 zeros ({@link #GENESIS}), the "previous hash" of a customer's first entry
 * </pre>
 */
public final class LedgerChain {

    /** What a customer's first entry chains to. */
    public static final String GENESIS = "0".repeat(64);

    private static final Set<String> SEAL_MEMBERS = Set.of("hash", "mac");
    private static final HexFormat HEX = HexFormat.of();

    /** Cloned for each hash: cheaper than looking the algorithm up among the providers every time. */
    private static final MessageDigest SHA256 = sha256();

    private LedgerChain() {
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    /** The bytes an entry's hash covers, from the entry's JSON as read off the topic. */
    public static byte[] content(JsonNode entry) {
        return CanonicalJson.write(entry, SEAL_MEMBERS);
    }

    public static String hash(String previousHash, byte[] content) {
        MessageDigest sha256 = newSha256();
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update(content);
        return HEX.formatHex(sha256.digest());
    }
}
