package dev.loyalty.http;

import java.util.Optional;

/**
 * Who can reach the API: the address it listens on, the tokens it asks for (none: open), and
 * HTTPS when a keystore is given.
 */
public record HttpAccess(String host, AccessTokens tokens, Optional<TlsKeystore> tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default: this machine only, no tokens, plain HTTP. */
    public static HttpAccess loopback() {
        return new HttpAccess(DEFAULT_HOST, AccessTokens.none(), Optional.empty());
    }

    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
