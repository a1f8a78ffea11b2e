package io.creditpool.adapters.sessions;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the Credits &amp; Billing page keeps the links host products make and the browser sessions they open: in the
 * store's database where the store has one ({@code creditpool-store-jdbc}), so any instance serves a link made on
 * another and a restart ends no session; in memory otherwise. Only hashes of link tokens and session ids are kept
 * (a row read from the database opens nothing), and a link is taken once: of two instances opening it at once, one
 * gets the session.
 */
public interface PageSessions {
    /** Who a link or session acts as: a member of a team of a product. */
    record Who(String product, TeamId team, String teamName, MemberId member, String returnUrl) {
    }

    /** A session as kept: who it acts as, its CSRF token, when it ends. */
    record Session(Who who, String csrf, Instant expiresAt) {
    }

    /** A message the next page shows once (the outcome of the last form): {@code ok} false for a denial. */
    record Flash(boolean ok, String text) {
    }

    /** Keeps a link under the hash of its token until {@code expiresAt}. */
    void saveLink(String tokenHash, Who who, Instant expiresAt);

    /**
     * Takes the link: it is gone afterwards, whether it had expired or not. Answers who it was for if it was there
     * and had not expired by {@code now}; of two callers at once, on any instances, at most one gets it.
     */
    Optional<Who> takeLink(String tokenHash, Instant now);

    /** Keeps a session under the hash of its id. */
    void saveSession(String idHash, Session session);

    /** The session with this id hash, if there is one that has not expired by {@code now}. */
    Optional<Session> session(String idHash, Instant now);

    /** Ends a session (nothing happens if there is none). */
    void endSession(String idHash);

    /** Sets the message the session's next page shows. */
    void flash(String idHash, Flash flash);

    /** Takes the session's message, if it has one: the next page does not show it again. */
    Optional<Flash> takeFlash(String idHash);

    /** Removes the links and sessions expired by {@code now}; answers how many. */
    int purge(Instant now);

    /** A store that keeps page sessions beside its teams. */
    interface Kept {
        PageSessions pageSessions();
    }
}
