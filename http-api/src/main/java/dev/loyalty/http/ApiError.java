package dev.loyalty.http;

import dev.loyalty.core.json.Json;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/** An error answer: always a JSON object with a short code and a reason for people. */
record ApiError(int status, String error, String reason) {

    static ApiError badRequest(String reason) {
        return new ApiError(400, "bad_request", reason);
    }

    static ApiError notFound(String reason) {
        return new ApiError(404, "not_found", reason);
    }

    static ApiError unavailable(String reason) {
        return new ApiError(503, "unavailable", reason);
    }

    static ApiError payloadTooLarge(int maxBytes) {
        return new ApiError(413, "payload_too_large", "the body is larger than " + maxBytes + " bytes");
    }

    /** For answers the server itself decides (a malformed request, headers too large): the status's name as code. */
    static ApiError forStatus(int status, String reason) {
        return switch (status) {
            case 400 -> badRequest(reason);
            case 404 -> notFound(reason);
            case 413 -> new ApiError(413, "payload_too_large", reason);
            case 503 -> unavailable(reason);
            default -> new ApiError(status, HttpStatus.getMessage(status).toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "_"), reason);
        };
    }

    byte[] toJson() {
        return Json.write(new Body(error, reason));
    }

    private record Body(String error, String reason) {
    }
}
