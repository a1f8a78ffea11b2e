package io.creditpool.adapters.http;

import io.javalin.http.Context;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;

/**
 * Checks every request gets before its route runs, so that what a route decodes is well-formed: percent escapes in
 * the path and the query are two hex digits each ({@code %zz} and {@code %u0041} are 400, naming the path or the
 * query parameter), and the headers the service reads appear at most once (a second {@code Authorization},
 * {@code Creditpool-Member} or {@code Idempotency-Key} is 400 naming it, not silently ignored).
 */
final class RequestChecks {
    /** Headers that carry one value: sent twice, the request is refused. */
    static final List<String> SINGLE_HEADERS = List.of("Authorization", HttpService.MEMBER_HEADER,
            HttpService.IDEMPOTENCY_HEADER, "Content-Type");

    private RequestChecks() {
    }

    static void check(Context ctx) {
        String path = ctx.req().getRequestURI();
        if (path != null && !wellEscaped(path)) {
            throw Problems.invalid("path", "has a '%' that is not followed by two hex digits");
        }
        String query = ctx.req().getQueryString();
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                if (!wellEscaped(pair)) {
                    String name = pair.split("=", 2)[0];
                    throw Problems.invalid(wellEscaped(name) ? name : "query", "has a '%' that is not followed "
                            + "by two hex digits");
                }
            }
        }
        for (String name : SINGLE_HEADERS) {
            var values = ctx.req().getHeaders(name);
            if (values != null && Collections.list(values).size() > 1) {
                throw Problems.invalid(name, "must be sent once, was sent more than once");
            }
        }
    }

    private static boolean wellEscaped(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /**
     * A header's value as the client wrote it in UTF-8 (Jetty reads header bytes as ISO-8859-1); bytes that are
     * not UTF-8 are refused as 400 naming the header.
     */
    static String header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null) {
            return null;
        }
        if (value.chars().allMatch(c -> c < 0x80) || value.chars().anyMatch(c -> c > 0xff)) {
            // plain ASCII, or decoded as UTF-8 already
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Problems.invalid(name, "is not UTF-8 text");
        }
    }
}
