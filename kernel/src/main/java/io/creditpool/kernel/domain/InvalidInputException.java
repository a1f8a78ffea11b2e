package io.creditpool.kernel.domain;

/** Bad input to a command: names the field that is wrong and why. Nothing has changed when it is thrown. */
public final class InvalidInputException extends IllegalArgumentException {
    private final String field;

    public InvalidInputException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The reason alone, without the field name. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
