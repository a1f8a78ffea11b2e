package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.TeamId;

/**
 * An event as a store's outbox keeps it: {@code id} is given when its change commits, never reused, and greater
 * than the id of every event committed before it, so a reader that remembers the last id it saw misses nothing and
 * can tell a repeat ({@link #publicId()} is the same id as text).
 */
public record StoredEvent(long id, CreditEvent event) {
    /** The id as the HTTP API and webhooks show it: {@code evt_} and 16 digits, so the texts sort as the ids do. */
    public String publicId() {
        return publicId(id);
    }

    public static String publicId(long id) {
        return String.format("evt_%016d", id);
    }

    /**
     * The product a team belongs to: the part of its id before the first {@code :} (the HTTP service names teams
     * {@code PRODUCT:TEAM}); empty for a team id without one.
     */
    public static String productOf(TeamId team) {
        int colon = team.value().indexOf(':');
        return colon < 0 ? "" : team.value().substring(0, colon);
    }

    public String product() {
        return productOf(event.team());
    }
}
