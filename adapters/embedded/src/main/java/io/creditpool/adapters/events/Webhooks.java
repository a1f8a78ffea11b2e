package io.creditpool.adapters.events;

import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Webhook endpoints (one product's URL and the event types it wants) and their deliveries: one per endpoint and
 * event, kept until a 2xx answer or until its retries run out. Delivery state is durable where the store is
 * ({@code creditpool-store-jdbc} keeps it in the store's database), so a worker that stops loses nothing: a delivery
 * is claimed with a lease, and a lease that runs out lets another worker take it up. Each claim takes the next
 * fencing token of its delivery, and an attempt is recorded only with the latest claim's token: a worker that was
 * paused past its lease and replaced records nothing. Leases run on the store's clock where it has one
 * ({@link CreditStore#databaseTime()}).
 */
public interface Webhooks {
    /** An endpoint as listed: never its secret. {@code events} are type names ({@link CreditEvent#TYPES}). */
    record Endpoint(String id, String product, URI url, List<String> events, Instant createdAt) {
        public Endpoint {
            events = List.copyOf(events);
        }
    }

    /** A new endpoint and its signing secret, which is shown only this once. */
    record Created(Endpoint endpoint, String secret) {
    }

    /**
     * A delivery a worker has claimed: where to send which event, signed with which secret (and with the secret it
     * replaced too, {@code previousSecret}, while a rotation's overlap runs; else null); {@code token} is the claim's
     * fencing token, which its outcome is recorded with.
     */
    record Claimed(String endpointId, long eventId, URI url, String secret, String previousSecret, int attempts,
            Instant firstAt, long token) {
    }

    /** A new signing secret, shown this once; the one it replaced signs too until {@code previousUntil}. */
    record Rotated(String id, String secret, Instant previousUntil) {
    }

    /**
     * Deliveries made again: {@code queued} of them, the last event looked at ({@code lastEvent}, to go on after),
     * and whether there are more events after it.
     */
    record Resent(int queued, long lastEvent, boolean more) {
    }

    /** What a purge removed: delivered or failed deliveries, and events from the outbox. */
    record Purged(long deliveries, long events) {
    }

    /** One delivery's state, for the delivery log and tests. */
    record Delivery(String endpointId, long eventId, String state, int attempts, Instant nextAt, Instant lastAt,
            Integer lastStatus, String lastError) {
    }

    /** How many deliveries are pending (not yet answered 2xx, still retried) and how many failed for good. */
    record Counts(long pending, long failed) {
    }

    /** Creates an endpoint of {@code product}; it is sent the events after {@code afterEvent} (the outbox's last). */
    Created create(String product, URI url, List<String> events, long afterEvent, Instant now);

    /** The product's endpoints that are not deleted, oldest first. */
    List<Endpoint> list(String product);

    /** Deletes the product's endpoint {@code id} and drops its pending deliveries; false when it has none such. */
    boolean delete(String product, String id, Instant now);

    /**
     * Makes the deliveries of the outbox's next events (at most {@code limit}, after those already fanned out), one
     * per endpoint of the event's product that wants its type; answers how many events it went through. One caller
     * at a time does it (a lock), so two instances never make the same delivery twice.
     */
    int fanOut(CreditStore store, int limit, Instant now);

    /**
     * Claims up to {@code limit} deliveries that are due by {@code now} and not claimed by a running lease, each for
     * {@code lease} (on the store's clock where it has one, else from {@code now}): no other worker gets them
     * meanwhile.
     */
    List<Claimed> claim(int limit, Instant now, Duration lease);

    /**
     * The endpoint answered 2xx: delivered for good. False, and nothing written, when {@code d}'s claim is no longer
     * the delivery's latest (its lease ran out and another worker claimed it).
     */
    boolean delivered(Claimed d, int status, Instant at);

    /**
     * The attempt failed (a non-2xx {@code status}, or no answer: {@code status} null and {@code error} saying why):
     * tried again at {@code nextAt}, or failed for good when {@code nextAt} is null. False, and nothing written, when
     * {@code d}'s claim is no longer the delivery's latest.
     */
    boolean failed(Claimed d, Integer status, String error, Instant at, Instant nextAt);

    /**
     * Gives the product's endpoint {@code id} a new signing secret; deliveries are signed with both the new one and
     * the old one for {@code overlap}, so a receiver can switch without missing one. Empty when the product has no
     * such endpoint.
     */
    Optional<Rotated> rotateSecret(String product, String id, Duration overlap, Instant now);

    /**
     * Sends events to the product's endpoint {@code id} again: event {@code only}, or else the events after
     * {@code after} (at most {@code limit}), each of the endpoint's product and types and made after the endpoint.
     * A delivery already made (delivered, failed, or pending) is pending again, due at once, with a new fencing token
     * (a worker sending it now records nothing) and a new retry window; one never made is made. Empty when the
     * product has no such endpoint.
     */
    Optional<Resent> resend(CreditStore store, String product, String id, long after, Long only, int limit,
            Instant now);

    /**
     * Removes deliveries delivered or failed before {@code deliveriesBefore} (their last attempt), and events made
     * before {@code eventsBefore} that every endpoint has been given and no pending delivery waits on. A store that
     * keeps its events in memory removes only deliveries.
     */
    Purged purge(Instant deliveriesBefore, Instant eventsBefore);

    /** The deliveries to one of the product's endpoints, newest event first, at most {@code limit}. */
    List<Delivery> deliveries(String product, String endpointId, int limit);

    Counts counts();

    /** A store that keeps webhooks beside its teams. */
    interface Kept {
        Webhooks webhooks();
    }

    /** A new endpoint id: {@code we_} and 16 random hex digits. */
    static String newId() {
        byte[] bytes = new byte[8];
        Ids.RANDOM.nextBytes(bytes);
        return "we_" + HexFormat.of().formatHex(bytes);
    }

    /** A new signing secret: {@code whsec_} and 64 random hex digits (256 bits). */
    static String newSecret() {
        byte[] bytes = new byte[32];
        Ids.RANDOM.nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }

    /** The random source of ids and secrets. */
    final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();

        private Ids() {
        }
    }
}
