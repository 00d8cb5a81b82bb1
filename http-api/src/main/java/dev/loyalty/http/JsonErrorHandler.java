package dev.loyalty.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself (a request it cannot parse, headers too large, an unexpected
 * failure) in the API's JSON error format instead of an HTML page, and never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(error(status, message).toJson()), callback);
    }

    private static ApiError error(int status, String message) {
        // Jetty's own messages name the problem without internals; a 500 says nothing more than that.
        boolean specific = status < 500 && message != null && !message.isBlank()
                && !message.equals(HttpStatus.getMessage(status));
        return ApiError.forStatus(status, specific ? message : generalReason(status));
    }

    private static String generalReason(int status) {
        return status == 400 ? "the request is not valid HTTP (such as a malformed %-escape in the path)"
                : HttpStatus.getMessage(status);
    }
}
