package dev.loyalty.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI description of this API, served as it is in the jar (openapi.json beside this class). */
final class OpenApi {

    static final String PATH = "/openapi.json";

    private static final byte[] DESCRIPTION = load();

    private OpenApi() {
    }

    static byte[] description() {
        return DESCRIPTION.clone();
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
