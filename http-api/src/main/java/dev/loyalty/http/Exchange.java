package dev.loyalty.http;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request and its answer: exactly one {@code send} completes it. */
final class Exchange {

    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    final Request request;
    private final Response response;
    private final Callback callback;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    /** The path as sent, still percent-encoded. */
    String rawPath() {
        return request.getHttpURI().getPath();
    }

    /** The query as sent, or null. */
    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Ends the connection after this answer, for a client whose request body was not read. */
    void closeAfter() {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }

    void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void sendError(ApiError error) {
        if (error.status() == 503) {
            setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (response.isCommitted()) {
            LOG.debug("answer already started; cannot send {}", error);
            callback.failed(new IllegalStateException(error.reason()));
            return;
        }
        send(error.status(), "application/json", error.toJson());
    }
}
