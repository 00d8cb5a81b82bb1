package dev.loyalty.http;

import dev.loyalty.core.json.Json;

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

    byte[] toJson() {
        return Json.write(new Body(error, reason));
    }

    private record Body(String error, String reason) {
    }
}
