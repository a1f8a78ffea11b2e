package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.TeamId;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * The page's links and sessions in the store's database ({@code creditpool_page_link}, {@code
 * creditpool_page_session}, migration V12), so that every instance sharing the store serves them and a restart keeps
 * them. A link is taken by deleting its row: the database lets one delete of a row succeed, so a link opens once
 * across instances.
 */
final class JdbcPageSessions implements PageSessions {
    private static final String WHO = "product, team_id, team_name, member_id, return_url";

    private final JdbcCreditStore store;

    JdbcPageSessions(JdbcCreditStore store) {
        this.store = store;
    }

    private <T> T inTransaction(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(store, "the page sessions", work);
    }

    private static void bindWho(PreparedStatement s, int first, Who who) throws SQLException {
        s.setString(first, who.product());
        s.setString(first + 1, who.team().value());
        s.setString(first + 2, who.teamName());
        s.setString(first + 3, who.member().value());
        s.setString(first + 4, who.returnUrl());
    }

    private static Who who(ResultSet r, int first) throws SQLException {
        return new Who(r.getString(first), TeamId.of(r.getString(first + 1)), r.getString(first + 2),
                MemberId.of(r.getString(first + 3)), r.getString(first + 4));
    }

    @Override
    public void saveLink(String tokenHash, Who who, Instant expiresAt) {
        inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "INSERT INTO creditpool_page_link (token_hash, "
                    + WHO + ", expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, tokenHash);
                bindWho(s, 2, who);
                store.dialect().setInstant(s, 7, expiresAt);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Who> takeLink(String tokenHash, Instant now) {
        return inTransaction(c -> {
            Who who = null;
            Instant expiresAt = null;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT " + WHO + ", expires_at FROM "
                    + "creditpool_page_link WHERE token_hash = ?")) {
                s.setString(1, tokenHash);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        who = who(r, 1);
                        expiresAt = store.dialect().instant(r, 6);
                    }
                }
            }
            if (who == null) {
                return Optional.<Who>empty();
            }
            try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM creditpool_page_link "
                    + "WHERE token_hash = ?")) {
                s.setString(1, tokenHash);
                // another instance that took it first deleted the row: this one gets nothing
                if (s.executeUpdate() != 1) {
                    return Optional.<Who>empty();
                }
            }
            return now.isBefore(expiresAt) ? Optional.of(who) : Optional.<Who>empty();
        });
    }

    @Override
    public void saveSession(String idHash, Session session) {
        inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "INSERT INTO creditpool_page_session (id_hash, "
                    + WHO + ", csrf, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, idHash);
                bindWho(s, 2, session.who());
                s.setString(7, session.csrf());
                store.dialect().setInstant(s, 8, session.expiresAt());
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Session> session(String idHash, Instant now) {
        return JdbcWork.read(store, "the page sessions", c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT " + WHO + ", csrf, expires_at FROM "
                    + "creditpool_page_session WHERE id_hash = ?")) {
                s.setString(1, idHash);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Session>empty();
                    }
                    Session found = new Session(who(r, 1), r.getString(6), store.dialect().instant(r, 7));
                    return now.isBefore(found.expiresAt()) ? Optional.of(found) : Optional.<Session>empty();
                }
            }
        });
    }

    @Override
    public void endSession(String idHash) {
        inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM creditpool_page_session "
                    + "WHERE id_hash = ?")) {
                s.setString(1, idHash);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public void flash(String idHash, Flash flash) {
        inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_page_session SET flash_ok = ?, "
                    + "flash_text = ? WHERE id_hash = ?")) {
                s.setInt(1, flash.ok() ? 1 : 0);
                s.setString(2, flash.text().substring(0, Math.min(flash.text().length(), 4000)));
                s.setString(3, idHash);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Flash> takeFlash(String idHash) {
        return inTransaction(c -> {
            Flash flash = null;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT flash_ok, flash_text FROM "
                    + "creditpool_page_session WHERE id_hash = ?" + store.dialect().forUpdate())) {
                s.setString(1, idHash);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && r.getString(2) != null) {
                        flash = new Flash(r.getInt(1) == 1, r.getString(2));
                    }
                }
            }
            if (flash != null) {
                try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_page_session SET "
                        + "flash_ok = ?, flash_text = ? WHERE id_hash = ?")) {
                    s.setNull(1, Types.INTEGER);
                    s.setNull(2, Types.VARCHAR);
                    s.setString(3, idHash);
                    s.executeUpdate();
                }
            }
            return Optional.ofNullable(flash);
        });
    }

    @Override
    public int purge(Instant now) {
        return inTransaction(c -> {
            int removed = 0;
            for (String table : new String[] {"creditpool_page_link", "creditpool_page_session"}) {
                try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM " + table
                        + " WHERE expires_at <= ?")) {
                    store.dialect().setInstant(s, 1, now);
                    removed += s.executeUpdate();
                }
            }
            return removed;
        });
    }
}
