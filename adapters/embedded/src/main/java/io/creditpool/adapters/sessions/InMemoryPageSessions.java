package io.creditpool.adapters.sessions;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Page links and sessions in this process's memory, for a store that keeps none: a restart ends every session. */
public final class InMemoryPageSessions implements PageSessions {
    private record Link(Who who, Instant expiresAt) {
    }

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Flash> flashes = new ConcurrentHashMap<>();

    @Override
    public void saveLink(String tokenHash, Who who, Instant expiresAt) {
        links.put(tokenHash, new Link(who, expiresAt));
    }

    @Override
    public Optional<Who> takeLink(String tokenHash, Instant now) {
        Link link = links.remove(tokenHash);
        return link == null || !now.isBefore(link.expiresAt()) ? Optional.empty() : Optional.of(link.who());
    }

    @Override
    public void saveSession(String idHash, Session session) {
        sessions.put(idHash, session);
    }

    @Override
    public Optional<Session> session(String idHash, Instant now) {
        Session s = sessions.get(idHash);
        return s == null || !now.isBefore(s.expiresAt()) ? Optional.empty() : Optional.of(s);
    }

    @Override
    public void endSession(String idHash) {
        sessions.remove(idHash);
        flashes.remove(idHash);
    }

    @Override
    public void flash(String idHash, Flash flash) {
        if (sessions.containsKey(idHash)) {
            flashes.put(idHash, flash);
        }
    }

    @Override
    public Optional<Flash> takeFlash(String idHash) {
        return Optional.ofNullable(flashes.remove(idHash));
    }

    @Override
    public int purge(Instant now) {
        int before = links.size() + sessions.size();
        links.values().removeIf(l -> !now.isBefore(l.expiresAt()));
        sessions.entrySet().removeIf(s -> {
            boolean expired = !now.isBefore(s.getValue().expiresAt());
            if (expired) {
                flashes.remove(s.getKey());
            }
            return expired;
        });
        return before - links.size() - sessions.size();
    }
}
