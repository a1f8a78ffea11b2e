package io.creditpool.adapters.events;

import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Webhooks of a service on the in-memory store (tests, trying it out): gone when the process ends. */
public final class InMemoryWebhooks implements Webhooks {
    private record Stored(Endpoint endpoint, String secret, long afterEvent, Instant deletedAt,
            String previousSecret, Instant previousUntil) {
        Stored(Endpoint endpoint, String secret, long afterEvent, Instant deletedAt) {
            this(endpoint, secret, afterEvent, deletedAt, null, null);
        }

        /** The replaced secret while its overlap runs at {@code now}, else null. */
        String previousAt(Instant now) {
            return previousUntil != null && now.isBefore(previousUntil) ? previousSecret : null;
        }
    }

    private record Key(String endpointId, long eventId) {
    }

    private static final class Row {
        String state = "pending";
        int attempts;
        Instant nextAt;
        Instant leaseUntil;
        long token;
        Instant firstAt;
        Instant lastAt;
        Integer lastStatus;
        String lastError;
    }

    private final Map<String, Stored> endpoints = new LinkedHashMap<>();
    private final Map<Key, Row> deliveries = new LinkedHashMap<>();
    private long fannedOut;

    @Override
    public synchronized Created create(String product, URI url, List<String> events, long afterEvent, Instant now) {
        Endpoint e = new Endpoint(Webhooks.newId(), product, url, events, now);
        String secret = Webhooks.newSecret();
        endpoints.put(e.id(), new Stored(e, secret, afterEvent, null));
        return new Created(e, secret);
    }

    @Override
    public synchronized List<Endpoint> list(String product) {
        return endpoints.values().stream().filter(s -> s.deletedAt() == null && s.endpoint().product().equals(product))
                .map(Stored::endpoint).toList();
    }

    @Override
    public synchronized boolean delete(String product, String id, Instant now) {
        Stored s = endpoints.get(id);
        if (s == null || s.deletedAt() != null || !s.endpoint().product().equals(product)) {
            return false;
        }
        endpoints.put(id, new Stored(s.endpoint(), s.secret(), s.afterEvent(), now, s.previousSecret(),
                s.previousUntil()));
        deliveries.entrySet().removeIf(d -> d.getKey().endpointId().equals(id) && d.getValue().state.equals("pending"));
        return true;
    }

    @Override
    public synchronized int fanOut(CreditStore store, int limit, Instant now) {
        List<StoredEvent> events = store.events(fannedOut, limit, null);
        for (StoredEvent e : events) {
            for (Stored s : endpoints.values()) {
                if (s.deletedAt() == null && e.id() > s.afterEvent() && s.endpoint().product().equals(e.product())
                        && s.endpoint().events().contains(e.event().type())) {
                    Row row = new Row();
                    row.nextAt = now;
                    deliveries.putIfAbsent(new Key(s.endpoint().id(), e.id()), row);
                }
            }
            fannedOut = e.id();
        }
        return events.size();
    }

    @Override
    public synchronized List<Claimed> claim(int limit, Instant now, Duration lease) {
        List<Claimed> out = new ArrayList<>();
        List<Map.Entry<Key, Row>> due = deliveries.entrySet().stream()
                .filter(d -> d.getValue().state.equals("pending") && !d.getValue().nextAt.isAfter(now)
                        && (d.getValue().leaseUntil == null || d.getValue().leaseUntil.isBefore(now)))
                .sorted(Comparator.comparing((Map.Entry<Key, Row> d) -> d.getValue().nextAt)
                        .thenComparing(d -> d.getKey().eventId()))
                .limit(limit).toList();
        for (Map.Entry<Key, Row> d : due) {
            Stored s = endpoints.get(d.getKey().endpointId());
            d.getValue().leaseUntil = now.plus(lease);
            d.getValue().token++;
            out.add(new Claimed(d.getKey().endpointId(), d.getKey().eventId(), s.endpoint().url(), s.secret(),
                    s.previousAt(now), d.getValue().attempts, d.getValue().firstAt, d.getValue().token));
        }
        return out;
    }

    @Override
    public synchronized boolean delivered(Claimed d, int status, Instant at) {
        Row row = current(d);
        if (row == null) {
            return false;
        }
        attempted(row, status, null, at);
        row.state = "delivered";
        return true;
    }

    @Override
    public synchronized boolean failed(Claimed d, Integer status, String error, Instant at, Instant nextAt) {
        Row row = current(d);
        if (row == null) {
            return false;
        }
        attempted(row, status, error, at);
        if (nextAt == null) {
            row.state = "failed";
        } else {
            row.nextAt = nextAt;
        }
        return true;
    }

    @Override
    public synchronized Optional<Rotated> rotateSecret(String product, String id, Duration overlap, Instant now) {
        Stored s = endpoints.get(id);
        if (s == null || s.deletedAt() != null || !s.endpoint().product().equals(product)) {
            return Optional.empty();
        }
        String secret = Webhooks.newSecret();
        Instant until = now.plus(overlap);
        endpoints.put(id, new Stored(s.endpoint(), secret, s.afterEvent(), null, s.secret(), until));
        return Optional.of(new Rotated(id, secret, until));
    }

    @Override
    public synchronized Optional<Resent> resend(CreditStore store, String product, String id, long after, Long only,
            int limit, Instant now) {
        Stored s = endpoints.get(id);
        if (s == null || s.deletedAt() != null || !s.endpoint().product().equals(product)) {
            return Optional.empty();
        }
        long from = only != null ? only - 1 : Math.max(after, s.afterEvent());
        List<StoredEvent> page = store.events(from, only != null ? 1 : limit + 1, product);
        boolean more = only == null && page.size() > limit;
        List<StoredEvent> events = more ? page.subList(0, limit) : page;
        int queued = 0;
        long last = from;
        for (StoredEvent e : events) {
            last = e.id();
            if ((only != null && e.id() != only) || e.id() <= s.afterEvent()
                    || !s.endpoint().events().contains(e.event().type())) {
                continue;
            }
            Row row = deliveries.computeIfAbsent(new Key(id, e.id()), k -> new Row());
            row.state = "pending";
            row.nextAt = now;
            row.firstAt = null;
            row.leaseUntil = null;
            row.token++;
            queued++;
        }
        return Optional.of(new Resent(queued, last, more));
    }

    @Override
    public synchronized Purged purge(Instant deliveriesBefore, Instant eventsBefore) {
        int before = deliveries.size();
        deliveries.values().removeIf(r -> !r.state.equals("pending") && r.lastAt != null
                && r.lastAt.isBefore(deliveriesBefore));
        return new Purged(before - deliveries.size(), 0);
    }

    /** The delivery's row while {@code d} is its latest claim and it is still pending; else null. */
    private Row current(Claimed d) {
        Row row = deliveries.get(new Key(d.endpointId(), d.eventId()));
        return row != null && row.state.equals("pending") && row.token == d.token() ? row : null;
    }

    private static void attempted(Row row, Integer status, String error, Instant at) {
        row.attempts++;
        row.firstAt = Objects.requireNonNullElse(row.firstAt, at);
        row.lastAt = at;
        row.lastStatus = status;
        row.lastError = error;
        row.leaseUntil = null;
        row.token++;
    }

    @Override
    public synchronized List<Delivery> deliveries(String product, String endpointId, int limit) {
        Stored s = endpoints.get(endpointId);
        if (s == null || !s.endpoint().product().equals(product)) {
            return List.of();
        }
        return deliveries.entrySet().stream().filter(d -> d.getKey().endpointId().equals(endpointId))
                .sorted(Comparator.comparing((Map.Entry<Key, Row> d) -> d.getKey().eventId()).reversed())
                .limit(limit)
                .map(d -> new Delivery(endpointId, d.getKey().eventId(), d.getValue().state, d.getValue().attempts,
                        d.getValue().nextAt, d.getValue().lastAt, d.getValue().lastStatus, d.getValue().lastError))
                .toList();
    }

    @Override
    public synchronized Counts counts() {
        long pending = deliveries.values().stream().filter(r -> r.state.equals("pending")).count();
        long failed = deliveries.values().stream().filter(r -> r.state.equals("failed")).count();
        return new Counts(pending, failed);
    }
}
