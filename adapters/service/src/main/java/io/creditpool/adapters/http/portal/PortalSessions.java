package io.creditpool.adapters.http.portal;

import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.Clock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The links host products make and the browser sessions they open. A link is single-use and short-lived; opening it
 * gives the browser a session for that member of that team only, with its own CSRF token. Kept where the store keeps
 * them ({@link PageSessions}: in its database for a persistent store, so a link made through one instance opens on
 * another and a restart ends no session), as SHA-256 hashes of the link tokens and session ids. Time comes from the
 * Creditpool clock, as everywhere else.
 */
public final class PortalSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often at most this instance removes expired links and sessions (on making a link). */
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final PortalSettings settings;
    private final PageSessions kept;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    public PortalSessions(Clock clock, PortalSettings settings, PageSessions kept) {
        this.clock = clock;
        this.settings = settings;
        this.kept = kept;
    }

    /** Who a link or session acts as: a member of a team of a product (the kernel's team id and the product's name). */
    public record Who(String product, TeamId team, String teamName, MemberId member, String returnUrl) {
        PageSessions.Who kept() {
            return new PageSessions.Who(product, team, teamName, member, returnUrl);
        }

        static Who of(PageSessions.Who w) {
            return new Who(w.product(), w.team(), w.teamName(), w.member(), w.returnUrl());
        }
    }

    /** A link not opened yet. */
    public record Link(String token, Who who, Instant expiresAt) {
    }

    /** A browser session: its id is the cookie's value, never kept as it is. */
    public static final class Session {
        final String id;
        final Who who;
        final String csrf;

        Session(String id, Who who, String csrf) {
            this.id = id;
            this.who = who;
            this.csrf = csrf;
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
        Instant now = clock.now();
        Instant last = lastPurge.get();
        if (!now.isBefore(last.plus(PURGE_EVERY)) && lastPurge.compareAndSet(last, now)) {
            kept.purge(now);
        }
        Link link = new Link(token(), who, now.plus(settings.linkTtl()));
        kept.saveLink(hash(link.token()), who.kept(), link.expiresAt());
        return link;
    }

    /** Opens a link: a session if it exists and has not expired; the link is used up either way. */
    public Optional<Session> open(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        Optional<PageSessions.Who> who = kept.takeLink(hash(token), now);
        if (who.isEmpty()) {
            return Optional.empty();
        }
        Session session = new Session(token(), Who.of(who.get()), token());
        kept.saveSession(hash(session.id), new PageSessions.Session(who.get(), session.csrf,
                now.plus(settings.sessionTtl())));
        return Optional.of(session);
    }

    /** The live session with this id, if any. */
    public Optional<Session> session(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return kept.session(hash(id), clock.now()).map(s -> new Session(id, Who.of(s.who()), s.csrf()));
    }

    /** Ends a session. */
    public void end(String id) {
        if (id != null) {
            kept.endSession(hash(id));
        }
    }

    /** Sets what the session's next page shows once. */
    public void flash(Session session, Flash flash) {
        kept.flash(hash(session.id), new PageSessions.Flash(flash.ok(), flash.text()));
    }

    /** Takes what the session's page shows once, if anything. */
    public Optional<Flash> takeFlash(Session session) {
        return kept.takeFlash(hash(session.id)).map(f -> new Flash(f.ok(), f.text()));
    }

    /** 256 random bits, URL-safe. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What is kept of a token or session id: its SHA-256, in hex. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
