package dev.loyalty.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens the API accepts, from a file that holds only their SHA-256 hashes: a stolen
 * file lets nobody in. One token a line, {@code <sha256 hex> <role>[,<role>...] [# comment]};
 * blank lines and lines starting with {@code #} are ignored.
 */
public final class AccessTokens {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(byte[] hash, Set<Role> roles) {
    }

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No tokens: every request is let in (loopback, or with {@code --http-allow-anonymous}). */
    public static AccessTokens none() {
        return new AccessTokens(List.of());
    }

    /** @throws IllegalArgumentException naming the line that is not a hash and roles, or a file without tokens */
    public static AccessTokens load(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (!line.isEmpty()) {
                entries.add(parse(line, file + " line " + (i + 1)));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no token");
        }
        return new AccessTokens(entries);
    }

    private static Entry parse(String line, String where) {
        String[] fields = line.split("\\s+");
        if (fields.length != 2 || !HASH.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(where + ": expected '<sha256 hex> <role>[,<role>...]'");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String role : fields[1].split(",")) {
            try {
                roles.add(Role.parse(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return new Entry(HexFormat.of().parseHex(fields[0]), roles);
    }

    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** The roles of {@code token}; empty when it is not one of the configured tokens. */
    public Optional<Set<Role>> rolesOf(String token) {
        byte[] presented = sha256(token);
        Set<Role> found = null;
        // Every entry is compared, in constant time, so the answer time tells nothing about the hashes.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented)) {
                found = entry.roles();
            }
        }
        return Optional.ofNullable(found);
    }

    /** A new random token: 32 bytes, URL-safe base64. */
    public static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The line that lets {@code token} in with {@code roles}. */
    public static String line(String token, Set<Role> roles) {
        List<String> labels = roles.stream().sorted().map(Role::label).toList();
        return HexFormat.of().formatHex(sha256(token)) + " " + String.join(",", labels);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
