package dev.loyalty.http;

import java.nio.file.Path;

/** The PKCS12 keystore holding the server's certificate and private key for HTTPS. */
public record TlsKeystore(Path file, String password) {

    @Override
    public String toString() {
        return "TlsKeystore[" + file + "]";
    }
}
