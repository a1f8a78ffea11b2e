package io.creditpool.kernel.domain;

/** The identifier of a team (workspace), chosen by the host product. */
public record TeamId(String value) {
    public TeamId {
        Ids.check("team", value);
    }

    public static TeamId of(String value) {
        return new TeamId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
