package io.creditpool.kernel.domain;

/** The caller's id for one mutating request: a replay with the same id returns the first decision. */
public record RequestId(String value) {
    public RequestId {
        Ids.check("id", value);
    }

    public static RequestId of(String value) {
        return new RequestId(value);
    }

    /** A request id, or null when the caller gave none. */
    public static RequestId ofNullable(String value) {
        return value == null ? null : new RequestId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
