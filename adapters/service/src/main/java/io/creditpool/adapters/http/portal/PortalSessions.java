package io.creditpool.adapters.http.portal;

import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The links host products make and the browser sessions they open. A link is single-use and short-lived; opening it
 * gives the browser a session for that member of that team only, with its own CSRF token. Kept in this process's
 * memory: a restart ends every session (the host product opens the page again with a new link). Time comes from the
 * Creditpool clock, as everywhere else.
 */
public final class PortalSessions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final PortalSettings settings;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public PortalSessions(Clock clock, PortalSettings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** Who a link or session acts as: a member of a team of a product (the kernel's team id and the product's name). */
    public record Who(String product, TeamId team, String teamName, MemberId member, String returnUrl) {
    }

    /** A link not opened yet. */
    public record Link(String token, Who who, Instant expiresAt) {
    }

    /** A browser session; {@code flash} is what the next page shows once (the outcome of the last form). */
    public static final class Session {
        final String id;
        final Who who;
        final String csrf;
        final Instant expiresAt;
        volatile Flash flash;

        Session(String id, Who who, String csrf, Instant expiresAt) {
            this.id = id;
            this.who = who;
            this.csrf = csrf;
            this.expiresAt = expiresAt;
        }

        public Who who() {
            return who;
        }

        public String csrf() {
            return csrf;
        }
    }

    /** The outcome of a form to show once: {@code ok} false for a denial or an error. */
    public record Flash(boolean ok, String text) {
    }

    /** A new single-use link for {@code who}, valid for the configured link lifetime. */
    public Link create(Who who) {
        purge();
        Link link = new Link(token(), who, clock.now().plus(settings.linkTtl()));
        links.put(link.token(), link);
        return link;
    }

    /** Opens a link: a session if it exists and has not expired; the link is used up either way. */
    public Optional<Session> open(String token) {
        Link link = token == null ? null : links.remove(token);
        if (link == null || !clock.now().isBefore(link.expiresAt())) {
            return Optional.empty();
        }
        Session session = new Session(token(), link.who(), token(), clock.now().plus(settings.sessionTtl()));
        sessions.put(session.id, session);
        return Optional.of(session);
    }

    /** The live session with this id, if any. */
    public Optional<Session> session(String id) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.now().isBefore(s.expiresAt)) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Ends a session. */
    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private void purge() {
        Instant now = clock.now();
        links.values().removeIf(l -> !now.isBefore(l.expiresAt()));
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt));
    }

    /** 256 random bits, URL-safe. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
