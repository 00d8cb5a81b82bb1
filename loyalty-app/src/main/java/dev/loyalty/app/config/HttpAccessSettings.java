package dev.loyalty.app.config;

import dev.loyalty.http.AccessTokens;
import dev.loyalty.http.HttpAccess;
import dev.loyalty.http.TlsKeystore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's access settings (SPEC section 6): where it listens, the tokens it asks for and its
 * TLS keystore. Serving beyond this machine without tokens must be asked for explicitly.
 */
final class HttpAccessSettings {

    private HttpAccessSettings() {
    }

    static HttpAccess resolve(Map<Setting, Object> flags, ConfigSources sources) {
        Optional<SettingValue> hostValue = sources.lookup(Setting.HTTP_HOST, flags.get(Setting.HTTP_HOST));
        String host = hostValue.map(Values::nonBlank).orElse(HttpAccess.DEFAULT_HOST);
        AccessTokens tokens = sources.lookup(Setting.HTTP_TOKENS, flags.get(Setting.HTTP_TOKENS))
                .map(HttpAccessSettings::tokens).orElse(AccessTokens.none());
        boolean anonymous = sources.lookup(Setting.HTTP_ALLOW_ANONYMOUS, flags.get(Setting.HTTP_ALLOW_ANONYMOUS))
                .map(Values::bool).orElse(false);
        if (!tokens.enabled() && !anonymous && !isLoopback(host, hostValue)) {
            throw new BadConfigurationException("refusing to serve HTTP on " + host + " without access tokens: give "
                    + "--http-tokens FILE (make one with ./loyalty token new), or --http-allow-anonymous");
        }
        Optional<TlsKeystore> tls = sources.lookup(Setting.HTTP_TLS_KEYSTORE, flags.get(Setting.HTTP_TLS_KEYSTORE))
                .map(v -> keystore(v, flags, sources));
        return new HttpAccess(host, tokens, tls);
    }

    private static AccessTokens tokens(SettingValue v) {
        Path file = Path.of(Values.nonBlank(v));
        try {
            return AccessTokens.load(file);
        } catch (IOException e) {
            throw new BadConfigurationException(v.origin() + ": cannot read tokens file " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new BadConfigurationException(v.origin() + ": " + e.getMessage());
        }
    }

    private static TlsKeystore keystore(SettingValue v, Map<Setting, Object> flags, ConfigSources sources) {
        Path file = Path.of(Values.nonBlank(v));
        if (!Files.isReadable(file)) {
            throw new BadConfigurationException(v.origin() + ": cannot read the keystore " + file);
        }
        String password = sources.lookup(Setting.HTTP_TLS_KEYSTORE_PASSWORD, flags.get(Setting.HTTP_TLS_KEYSTORE_PASSWORD))
                .map(SettingValue::raw)
                .orElseThrow(() -> new BadConfigurationException(v.origin() + ": the keystore needs its password ("
                        + Setting.HTTP_TLS_KEYSTORE_PASSWORD.envVar() + " or "
                        + Setting.HTTP_TLS_KEYSTORE_PASSWORD.flag() + ")"));
        return new TlsKeystore(file, password);
    }

    private static boolean isLoopback(String host, Optional<SettingValue> given) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw given.map(v -> v.invalid("a host name or address of this machine"))
                    .orElseThrow(() -> new IllegalStateException("the default host is an address", e));
        }
    }
}
