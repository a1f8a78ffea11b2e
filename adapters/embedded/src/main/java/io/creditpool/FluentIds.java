package io.creditpool;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;

import java.util.function.Function;

/**
 * The fluent API's strings turned into the kernel's ids, a bad one named after the field the caller wrote: a
 * malformed owner is {@code owner}, not {@code member}. The checks themselves are the kernel's ({@link MemberId},
 * {@link RequestId}); null stays null, for the command record to name as missing.
 */
final class FluentIds {
    private FluentIds() {
    }

    static MemberId member(String field, String value) {
        return converted(field, value, MemberId::of);
    }

    static io.creditpool.kernel.domain.GroupId group(String field, String value) {
        return converted(field, value, io.creditpool.kernel.domain.GroupId::of);
    }

    static RequestId request(String field, String value) {
        return converted(field, value, RequestId::of);
    }

    /** For a value the fluent call cannot do without and whose command names it otherwise, or cannot tell it is missing. */
    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    private static <T> T converted(String field, String value, Function<String, T> of) {
        if (value == null) {
            return null;
        }
        try {
            return of.apply(value);
        } catch (InvalidInputException e) {
            throw e.field().equals(field) ? e : new InvalidInputException(field, e.reason());
        }
    }
}
