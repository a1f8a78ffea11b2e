package io.creditpool.kernel.domain;

import java.util.regex.Pattern;

/** Shared checks for the identifiers a host product passes in. */
final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private Ids() {
    }

    static String check(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        if (!ID.matcher(value).matches()) {
            throw new InvalidInputException(field, "'" + value
                    + "' must be 1-128 letters, digits or . _ : @ - and start with a letter or digit");
        }
        return value;
    }
}
