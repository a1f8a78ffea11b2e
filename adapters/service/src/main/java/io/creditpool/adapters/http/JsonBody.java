package io.creditpool.adapters.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A request's JSON object, read with care: {@code application/json} only (else 415), at most {@link #MAX_BYTES}
 * (else 413, whether or not the length was announced), well-formed, an object, no duplicate and no unknown fields.
 * Its getters check each field's type and name the field when it is wrong (400).
 */
final class JsonBody {
    static final int MAX_BYTES = 64 * 1024;

    private final ObjectNode fields;

    private JsonBody(ObjectNode fields) {
        this.fields = fields;
    }

    /** The body of {@code ctx}, which may hold only the fields {@code known}. */
    static JsonBody read(Context ctx, ObjectMapper mapper, Set<String> known) {
        requireJson(ctx.contentType());
        byte[] bytes = boundedBytes(ctx);
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (JacksonException e) {
            throw Problems.invalid("body", "is not valid JSON: " + firstClause(e.getOriginalMessage())
                    + where(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw Problems.invalid("body", "is required: a JSON object");
        }
        if (!(node instanceof ObjectNode object)) {
            throw Problems.invalid("body", "must be a JSON object, was " + kind(node));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String others = unknown.size() == 1 ? "" : " (nor are " + String.join(", ", unknown.subList(1, unknown.size()))
                    + ")";
            throw Problems.invalid(unknown.get(0), "is not a field of this request" + others + "; it takes "
                    + String.join(", ", known.stream().sorted().toList()));
        }
        return new JsonBody(object);
    }

    private static void requireJson(String contentType) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new Problems.ProblemException(Problems.of(415, Problems.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type", "Content-Type: the body must be application/json, was "
                            + (contentType == null ? "none" : "'" + contentType + "'")));
        }
    }

    /** The body's bytes, refusing more than {@link #MAX_BYTES} even when no length was announced. */
    private static byte[] boundedBytes(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException | org.eclipse.jetty.http.BadMessageException e) {
            // the body ended before its Content-Length, or its chunks are malformed: the caller's framing
            throw Problems.invalid("body", "could not be read: it ended before its Content-Length, or its chunks "
                    + "are malformed");
        }
    }

    private static Problems.ProblemException tooLarge() {
        return new Problems.ProblemException(Problems.of(413, Problems.BODY_TOO_LARGE, "Body too large",
                "body: must be at most " + MAX_BYTES + " bytes"));
    }

    /** Jackson's message without the parts that point into the source. */
    private static String firstClause(String message) {
        String text = message == null ? "unreadable" : message.split("\n", 2)[0];
        int marker = text.indexOf(" (start marker at");
        text = marker < 0 ? text : text.substring(0, marker);
        // the parser's advice to its own programmers ("enable `JsonReadFeature...` to allow") is not the caller's
        int advice = text.indexOf("Feature");
        if (advice >= 0) {
            int cut = Math.max(text.lastIndexOf(':', advice), Math.max(text.lastIndexOf(';', advice),
                    text.lastIndexOf('(', advice)));
            text = (cut > 0 ? text.substring(0, cut) : "unexpected content").trim();
        }
        return text;
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> "something else";
        };
    }

    /** Whether the field is there with a value other than null. */
    boolean has(String field) {
        JsonNode value = fields.get(field);
        return value != null && !value.isNull();
    }

    /** A required string. */
    String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw Problems.invalid(field, "must be a string, was " + kind(value));
        }
        return value.textValue();
    }

    /** A required boolean. */
    boolean bool(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw Problems.invalid(field, "must be true or false, was " + kind(value));
        }
        return value.booleanValue();
    }

    /** A required whole number that fits in a long; the command checks its range. */
    long whole(String field) {
        return whole(field, required(field));
    }

    /** An optional whole number: null when absent or null. */
    Long optionalWhole(String field) {
        return has(field) ? whole(field, fields.get(field)) : null;
    }

    /** A required whole number that fits in an int. */
    int wholeInt(String field) {
        return toInt(field, whole(field));
    }

    /** An optional whole number that fits in an int: null when absent or null. */
    Integer optionalInt(String field) {
        Long value = optionalWhole(field);
        return value == null ? null : toInt(field, value);
    }

    /** Whether the field is there at all, null included. */
    boolean present(String field) {
        return fields.has(field);
    }

    /** A field of any JSON type as it was sent; null when absent (a JSON null is a NullNode). */
    JsonNode optionalNode(String field) {
        return fields.get(field);
    }

    /** A required field of any JSON type, for fields that take a number or a word. */
    JsonNode node(String field) {
        return required(field);
    }

    static long whole(String field, JsonNode value) {
        if (!value.isNumber()) {
            throw Problems.invalid(field, "must be a whole number, was " + kind(value));
        }
        if (!value.isIntegralNumber()) {
            throw Problems.invalid(field, "must be a whole number, was " + value.asText());
        }
        if (!value.canConvertToLong()) {
            throw Problems.invalid(field, "is far too large (" + digits(value) + " digits)");
        }
        return value.longValue();
    }

    private static String digits(JsonNode value) {
        return Integer.toString(value.bigIntegerValue().abs().toString().length());
    }

    private static int toInt(String field, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw Problems.invalid(field, "is out of range, was " + value);
        }
        return (int) value;
    }

    private JsonNode required(String field) {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            throw Problems.invalid(field, "is required");
        }
        return value;
    }
}
