package io.creditpool.kernel.domain;

/** The identifier of a person in a team, chosen by the host product. */
public record MemberId(String value) {
    public MemberId {
        Ids.check("member", value);
    }

    public static MemberId of(String value) {
        return new MemberId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
