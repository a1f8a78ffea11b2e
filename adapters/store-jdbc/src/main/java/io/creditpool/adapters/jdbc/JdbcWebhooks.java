package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.port.out.CreditStore;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Webhook endpoints and deliveries in the store's database ({@code creditpool_webhook},
 * {@code creditpool_webhook_delivery}, {@code creditpool_webhook_cursor}), beside the teams and the outbox. A
 * delivery is claimed by an update that succeeds only while no other lease runs, so on any number of instances one
 * worker at a time sends it.
 */
final class JdbcWebhooks implements Webhooks {
    private final JdbcCreditStore store;

    JdbcWebhooks(JdbcCreditStore store) {
        this.store = store;
    }

    private <T> T inTransaction(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(store, "the webhooks", work);
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(store, "the webhooks", work);
    }

    @Override
    public Created create(String product, URI url, List<String> events, long afterEvent, Instant now) {
        Endpoint e = new Endpoint(Webhooks.newId(), product, url, events, now);
        String secret = Webhooks.newSecret();
        return inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "INSERT INTO creditpool_webhook (id, product, url, "
                    + "events, secret, after_event, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, e.id());
                s.setString(2, product);
                s.setString(3, url.toString());
                s.setString(4, "," + String.join(",", events) + ",");
                s.setString(5, secret);
                s.setLong(6, afterEvent);
                store.dialect().setInstant(s, 7, now);
                s.executeUpdate();
            }
            return new Created(e, secret);
        });
    }

    @Override
    public List<Endpoint> list(String product) {
        return read(c -> {
            List<Endpoint> out = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT id, product, url, events, created_at FROM "
                    + "creditpool_webhook WHERE product = ? AND deleted_at IS NULL ORDER BY created_at, id")) {
                s.setString(1, product);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(endpoint(r));
                    }
                }
            }
            return out;
        });
    }

    private Endpoint endpoint(ResultSet r) throws SQLException {
        return new Endpoint(r.getString(1), r.getString(2), URI.create(r.getString(3)), events(r.getString(4)),
                instant(r, 5));
    }

    private static List<String> events(String column) {
        return Arrays.stream(column.split(",")).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public boolean delete(String product, String id, Instant now) {
        return inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_webhook SET deleted_at = ? "
                    + "WHERE id = ? AND product = ? AND deleted_at IS NULL")) {
                store.dialect().setInstant(s, 1, now);
                s.setString(2, id);
                s.setString(3, product);
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM creditpool_webhook_delivery "
                    + "WHERE endpoint_id = ? AND state = 'pending'")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return true;
        });
    }

    private record Target(String id, String product, List<String> events, long afterEvent) {
    }

    @Override
    public int fanOut(CreditStore ignored, int limit, Instant now) {
        return inTransaction(c -> {
            long cursor;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT last_event FROM creditpool_webhook_cursor "
                    + "WHERE one_row = 1" + store.dialect().forUpdate()); ResultSet r = s.executeQuery()) {
                r.next();
                cursor = r.getLong(1);
            }
            List<long[]> ids = new ArrayList<>();
            List<String[]> events = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT id, product, kind FROM creditpool_event "
                    + "WHERE id > ? ORDER BY id LIMIT ?")) {
                s.setLong(1, cursor);
                s.setInt(2, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(new long[] {r.getLong(1)});
                        events.add(new String[] {r.getString(2), r.getString(3)});
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            List<Target> targets = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT id, product, events, after_event FROM "
                    + "creditpool_webhook WHERE deleted_at IS NULL"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    targets.add(new Target(r.getString(1), r.getString(2), events(r.getString(3)), r.getLong(4)));
                }
            }
            boolean any = false;
            try (PreparedStatement s = BatchStatements.prepare(c, "INSERT INTO creditpool_webhook_delivery "
                    + "(endpoint_id, event_id, state, attempts, next_at) VALUES (?, ?, 'pending', 0, ?)")) {
                for (int i = 0; i < ids.size(); i++) {
                    long id = ids.get(i)[0];
                    for (Target t : targets) {
                        if (id > t.afterEvent() && t.product().equals(events.get(i)[0])
                                && t.events().contains(events.get(i)[1])) {
                            s.setString(1, t.id());
                            s.setLong(2, id);
                            store.dialect().setInstant(s, 3, now);
                            s.addBatch();
                            any = true;
                        }
                    }
                }
                if (any) {
                    s.executeBatch();
                }
            }
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_webhook_cursor SET last_event = ? "
                    + "WHERE one_row = 1")) {
                s.setLong(1, ids.get(ids.size() - 1)[0]);
                s.executeUpdate();
            }
            return ids.size();
        });
    }

    @Override
    public List<Claimed> claim(int limit, Instant now, Duration lease) {
        // the lease on the database's clock where it has one (a server every instance shares), so an instance
        // whose clock runs ahead takes no lease early; whether a delivery is due is the instance's own time
        Instant leaseNow = store.databaseTime().orElse(now);
        return inTransaction(c -> {
            List<Claimed> candidates = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT d.endpoint_id, d.event_id, w.url, w.secret, "
                    + "d.attempts, d.first_at, d.lease_token, w.previous_secret, w.previous_until "
                    + "FROM creditpool_webhook_delivery d "
                    + "JOIN creditpool_webhook w ON w.id = d.endpoint_id WHERE d.state = 'pending' AND d.next_at <= ? "
                    + "AND (d.lease_until IS NULL OR d.lease_until < ?) ORDER BY d.next_at, d.event_id LIMIT ?")) {
                store.dialect().setInstant(s, 1, now);
                store.dialect().setInstant(s, 2, leaseNow);
                s.setInt(3, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Instant previousUntil = instant(r, 9);
                        String previous = previousUntil != null && now.isBefore(previousUntil) ? r.getString(8)
                                : null;
                        // the claim below takes the next token, if no other worker took it first
                        candidates.add(new Claimed(r.getString(1), r.getLong(2), URI.create(r.getString(3)),
                                r.getString(4), previous, r.getInt(5), instant(r, 6), r.getLong(7) + 1));
                    }
                }
            }
            List<Claimed> claimed = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_webhook_delivery SET lease_until = ?, "
                    + "lease_token = ? WHERE endpoint_id = ? AND event_id = ? AND state = 'pending' "
                    + "AND lease_token = ?")) {
                for (Claimed d : candidates) {
                    store.dialect().setInstant(s, 1, leaseNow.plus(lease));
                    s.setLong(2, d.token());
                    s.setString(3, d.endpointId());
                    s.setLong(4, d.eventId());
                    s.setLong(5, d.token() - 1);
                    // another worker that claimed it meanwhile took the token: it keeps the delivery
                    if (s.executeUpdate() == 1) {
                        claimed.add(d);
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public boolean delivered(Claimed d, int status, Instant at) {
        return attempted(d, "delivered", status, null, at, null);
    }

    @Override
    public boolean failed(Claimed d, Integer status, String error, Instant at, Instant nextAt) {
        return attempted(d, nextAt == null ? "failed" : "pending", status, error, at, nextAt);
    }

    /** Records an attempt with its claim's fencing token: a claim that is no longer the latest writes nothing. */
    private boolean attempted(Claimed d, String state, Integer status, String error, Instant at, Instant nextAt) {
        return inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_webhook_delivery SET state = ?, "
                    + "attempts = attempts + 1, next_at = COALESCE(?, next_at), lease_until = NULL, "
                    // a new token: a claim that read the delivery before this write cannot take it after it
                    + "lease_token = lease_token + 1, "
                    + "first_at = COALESCE(first_at, ?), last_at = ?, last_status = ?, last_error = ? "
                    + "WHERE endpoint_id = ? AND event_id = ? AND state = 'pending' AND lease_token = ?")) {
                s.setString(1, state);
                store.dialect().setInstant(s, 2, nextAt);
                store.dialect().setInstant(s, 3, at);
                store.dialect().setInstant(s, 4, at);
                if (status == null) {
                    s.setNull(5, Types.INTEGER);
                } else {
                    s.setInt(5, status);
                }
                s.setString(6, error == null ? null : error.substring(0, Math.min(error.length(), 512)));
                s.setString(7, d.endpointId());
                s.setLong(8, d.eventId());
                s.setLong(9, d.token());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Rotated> rotateSecret(String product, String id, Duration overlap, Instant now) {
        String secret = Webhooks.newSecret();
        Instant until = now.plus(overlap);
        return inTransaction(c -> {
            try (PreparedStatement s = BatchStatements.prepare(c, "UPDATE creditpool_webhook SET previous_secret = "
                    + "secret, previous_until = ?, secret = ? WHERE id = ? AND product = ? AND deleted_at IS NULL")) {
                store.dialect().setInstant(s, 1, until);
                s.setString(2, secret);
                s.setString(3, id);
                s.setString(4, product);
                return s.executeUpdate() == 1 ? Optional.of(new Rotated(id, secret, until)) : Optional.<Rotated>empty();
            }
        });
    }

    @Override
    public Optional<Resent> resend(CreditStore ignored, String product, String id, long after, Long only, int limit,
            Instant now) {
        return inTransaction(c -> {
            List<String> types;
            long afterEvent;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT events, after_event FROM creditpool_webhook "
                    + "WHERE id = ? AND product = ? AND deleted_at IS NULL")) {
                s.setString(1, id);
                s.setString(2, product);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Resent>empty();
                    }
                    types = events(r.getString(1));
                    afterEvent = r.getLong(2);
                }
            }
            long from = only != null ? only - 1 : Math.max(after, afterEvent);
            int page = only != null ? 1 : limit + 1;
            List<Long> wanted = new ArrayList<>();
            long last = from;
            int seen = 0;
            boolean more = false;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT id, kind FROM creditpool_event WHERE "
                    + "product = ? AND id > ? ORDER BY id LIMIT ?")) {
                s.setString(1, product);
                s.setLong(2, from);
                s.setInt(3, page);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (only == null && ++seen > limit) {
                            more = true;
                            break;
                        }
                        long event = r.getLong(1);
                        last = event;
                        if ((only == null || event == only) && event > afterEvent && types.contains(r.getString(2))) {
                            wanted.add(event);
                        }
                    }
                }
            }
            try (PreparedStatement update = BatchStatements.prepare(c, "UPDATE creditpool_webhook_delivery SET "
                    + "state = 'pending', next_at = ?, first_at = NULL, lease_until = NULL, "
                    + "lease_token = lease_token + 1 WHERE endpoint_id = ? AND event_id = ?");
                    PreparedStatement insert = BatchStatements.prepare(c, "INSERT INTO creditpool_webhook_delivery "
                            + "(endpoint_id, event_id, state, attempts, next_at) VALUES (?, ?, 'pending', 0, ?)")) {
                for (long event : wanted) {
                    store.dialect().setInstant(update, 1, now);
                    update.setString(2, id);
                    update.setLong(3, event);
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, id);
                        insert.setLong(2, event);
                        store.dialect().setInstant(insert, 3, now);
                        insert.executeUpdate();
                    }
                }
            }
            return Optional.of(new Resent(wanted.size(), last, more));
        });
    }

    @Override
    public Purged purge(Instant deliveriesBefore, Instant eventsBefore) {
        return inTransaction(c -> {
            long deliveries;
            try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM creditpool_webhook_delivery WHERE "
                    + "state IN ('delivered', 'failed') AND last_at < ?")) {
                store.dialect().setInstant(s, 1, deliveriesBefore);
                deliveries = s.executeUpdate();
            }
            long events;
            // only events every endpoint has been given (up to the fan-out cursor) and no pending delivery waits on
            try (PreparedStatement s = BatchStatements.prepare(c, "DELETE FROM creditpool_event WHERE at < ? "
                    + "AND id <= (SELECT last_event FROM creditpool_webhook_cursor WHERE one_row = 1) "
                    + "AND NOT EXISTS (SELECT 1 FROM creditpool_webhook_delivery d WHERE d.event_id = "
                    + "creditpool_event.id AND d.state = 'pending')")) {
                store.dialect().setInstant(s, 1, eventsBefore);
                events = s.executeUpdate();
            }
            return new Purged(deliveries, events);
        });
    }

    @Override
    public List<Delivery> deliveries(String product, String endpointId, int limit) {
        return read(c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT d.endpoint_id, d.event_id, d.state, "
                    + "d.attempts, d.next_at, d.last_at, d.last_status, d.last_error FROM creditpool_webhook_delivery d "
                    + "JOIN creditpool_webhook w ON w.id = d.endpoint_id WHERE d.endpoint_id = ? AND w.product = ? "
                    + "ORDER BY d.event_id DESC LIMIT ?")) {
                s.setString(1, endpointId);
                s.setString(2, product);
                s.setInt(3, limit);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        int code = r.getInt(7);
                        Integer status = r.wasNull() ? null : code;
                        out.add(new Delivery(r.getString(1), r.getLong(2), r.getString(3), r.getInt(4),
                                instant(r, 5), instant(r, 6), status, r.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Counts counts() {
        return read(c -> {
            long pending = 0;
            long failed = 0;
            try (PreparedStatement s = BatchStatements.prepare(c, "SELECT state, COUNT(*) FROM "
                    + "creditpool_webhook_delivery WHERE state IN ('pending', 'failed') GROUP BY state");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getString(1).equals("pending")) {
                        pending = r.getLong(2);
                    } else {
                        failed = r.getLong(2);
                    }
                }
            }
            return new Counts(pending, failed);
        });
    }

    private Instant instant(ResultSet r, int column) throws SQLException {
        return store.dialect().instant(r, column);
    }
}
