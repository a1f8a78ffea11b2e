package io.creditpool.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The answers Jetty gives by itself, before a request reaches a route (a request line or headers it cannot read, a
 * URI or headers too long, an HTTP version or an {@code Expect} it does not serve, a path it refuses), as problems
 * like every other answer of the service: {@code application/problem+json} with a stable {@code code} and a detail
 * written for the caller, never Jetty's HTML page nor its wording.
 */
final class ProblemErrorHandler extends ErrorHandler {
    /** Jetty's limit on the request line and headers, which the service keeps: 8 KB. */
    static final int HEADER_BYTES_MAX = 8192;

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /** The problem for a status Jetty chose; {@code reason} (Jetty's words) is not shown to the caller. */
    static Problems.Problem problem(int status) {
        return switch (status) {
            case 400 -> Problems.of(400, "invalid-input", "Invalid input", "request: the request could not be "
                    + "read: its request line, a header, the path or the body's framing is malformed")
                    .with("field", "request");
            case 404 -> Problems.of(404, Problems.NOT_FOUND, "Not found", "no resource at this path");
            case 405 -> Problems.of(405, Problems.METHOD_NOT_ALLOWED, "Method not allowed",
                    "this method is not allowed on this path");
            case 408 -> Problems.of(408, "request-timeout", "Request timeout",
                    "the request did not arrive in time; send it again");
            case 411 -> Problems.of(411, "length-required", "Length required",
                    "Content-Length: a body needs a length or chunked transfer encoding");
            case 413 -> Problems.of(413, Problems.BODY_TOO_LARGE, "Body too large",
                    "body: must be at most " + JsonBody.MAX_BYTES + " bytes");
            case 414 -> Problems.of(414, "uri-too-long", "URI too long",
                    "path: the request line must be at most " + HEADER_BYTES_MAX + " bytes");
            case 415 -> Problems.of(415, Problems.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Content-Type: the body must be application/json");
            case 417 -> Problems.of(417, "expectation-failed", "Expectation failed",
                    "Expect: only 100-continue is understood");
            case 426 -> Problems.of(426, "upgrade-required", "Upgrade required",
                    "the service speaks HTTP/1.1; ask without Upgrade");
            case 431 -> Problems.of(431, "headers-too-large", "Headers too large",
                    "headers: the request line and headers must be at most " + HEADER_BYTES_MAX + " bytes");
            case 505 -> Problems.of(505, "http-version-not-supported", "HTTP version not supported",
                    "the service speaks HTTP/1.0 and HTTP/1.1");
            case 503 -> Problems.of(503, Problems.NOT_READY, "Not ready", "the service is starting or stopping");
            default -> status >= 500
                    ? Problems.of(status, Problems.INTERNAL_ERROR, "Internal error", "the service failed on this "
                            + "request; calling again with the same Idempotency-Key is safe")
                    : Problems.of(status, "http-" + status, "HTTP " + status, "the request was refused");
        };
    }

    static byte[] bytes(Problems.Problem problem) {
        try {
            return HttpService.mapper().writeValueAsBytes(problem.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem could not be written", e);
        }
    }

    /** A request Jetty could not parse: answered before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problems.MEDIA_TYPE);
        return ByteBuffer.wrap(bytes(problem(status)));
    }

    /** An error Jetty's servlet layer answers itself (sendError, a refused path). */
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        byte[] body = bytes(problem(status));
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setContentLength(body.length);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        if (!"HEAD".equals(request.getMethod())) {
            OutputStream out = response.getOutputStream();
            out.write(body);
        }
    }
}
