package io.creditpool.kernel.port.in;

import io.creditpool.kernel.domain.InvalidInputException;

/** Checks shared by the command records. */
final class Commands {
    private Commands() {
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
