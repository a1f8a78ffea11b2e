package io.creditpool.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends the webhook deliveries, off the request path: background threads fan the outbox's new events out into
 * deliveries (one per endpoint that wants the event), claim due deliveries (a lease, so one worker sends each), POST
 * each event as JSON signed with its endpoint's secret, and record the answer: 2xx delivers it, anything else (or
 * no answer) schedules the next attempt with exponential backoff, until the settings' retry time has passed since
 * the first attempt, when it is failed for good. Delivery is at least once: an endpoint tells a repeat by the
 * event's {@code id}.
 *
 * <p>Each request carries {@code Creditpool-Signature: t=UNIX_SECONDS,v1=HEX}, where {@code HEX} is the HMAC-SHA256,
 * keyed with the endpoint's secret (its UTF-8 bytes, {@code whsec_} included), of {@code UNIX_SECONDS + "." + BODY};
 * {@code Creditpool-Event-Id} and {@code Creditpool-Event-Type} name the event.
 */
final class WebhookSender implements AutoCloseable {
    static final String SIGNATURE_HEADER = "Creditpool-Signature";
    static final String EVENT_ID_HEADER = "Creditpool-Event-Id";
    static final String EVENT_TYPE_HEADER = "Creditpool-Event-Type";
    /** The Standard Webhooks headers (standardwebhooks.com), beside Creditpool's own. */
    static final String STANDARD_ID_HEADER = "webhook-id";
    static final String STANDARD_TIMESTAMP_HEADER = "webhook-timestamp";
    static final String STANDARD_SIGNATURE_HEADER = "webhook-signature";
    /** How often a worker purges what the retention settings let go. */
    static final java.time.Duration PURGE_EVERY = java.time.Duration.ofHours(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.creditpool.webhooks");
    private static final int FAN_OUT_PAGE = 500;
    private static final int CLAIM_PAGE = 10;

    private final CreditStore store;
    private final Webhooks webhooks;
    private final WebhookSettings settings;
    private final ObjectMapper json;
    private final HttpClient client;
    private final Semaphore wake = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private WebhookSender(CreditStore store, Webhooks webhooks, WebhookSettings settings, ObjectMapper json) {
        this.store = store;
        this.webhooks = webhooks;
        this.settings = settings;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static WebhookSender start(CreditStore store, Webhooks webhooks, WebhookSettings settings, ObjectMapper json) {
        WebhookSender sender = new WebhookSender(store, webhooks, settings, json);
        store.afterEventsCommitted(events -> sender.wake());
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(sender::run, "creditpool-webhooks-" + i);
            t.setDaemon(true);
            sender.threads.add(t);
            t.start();
        }
        return sender;
    }

    /** New events were committed: a waiting worker looks at once. */
    void wake() {
        if (wake.availablePermits() < settings.workers()) {
            wake.release();
        }
    }

    private void run() {
        while (!stopping) {
            boolean busy = false;
            try {
                Instant now = settings.clock().instant();
                purgeIfDue(now);
                busy = webhooks.fanOut(store, FAN_OUT_PAGE, now) > 0;
                List<Webhooks.Claimed> claimed = webhooks.claim(CLAIM_PAGE, now, settings.lease());
                for (Webhooks.Claimed d : claimed) {
                    if (stopping) {
                        break;
                    }
                    send(d);
                }
                busy |= !claimed.isEmpty();
            } catch (RuntimeException e) {
                // the store is away, or an endpoint's row went odd: try again after a pause, nothing is lost
                LOG.warn("webhook worker error={}", LogFields.stack(e));
            }
            if (!busy) {
                try {
                    wake.tryAcquire(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One attempt at one delivery, and its outcome recorded. */
    private void send(Webhooks.Claimed d) {
        List<StoredEvent> found = store.events(d.eventId() - 1, 1, null);
        if (found.isEmpty() || found.get(0).id() != d.eventId()) {
            recorded(d, webhooks.failed(d, null, "the event is no longer in the outbox", settings.clock().instant(),
                    null), null);
            return;
        }
        StoredEvent event = found.get(0);
        String body;
        try {
            body = json.writeValueAsString(EventJson.of(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.publicId(), e);
        }
        Integer status = null;
        String error = null;
        try {
            long t = settings.clock().instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(d.url()).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Creditpool-Webhooks")
                    .header(EVENT_ID_HEADER, event.publicId())
                    .header(EVENT_TYPE_HEADER, event.event().type())
                    .header(SIGNATURE_HEADER, signature(d, t, body))
                    .header(STANDARD_ID_HEADER, event.publicId())
                    .header(STANDARD_TIMESTAMP_HEADER, String.valueOf(t))
                    .header(STANDARD_SIGNATURE_HEADER, standardSignature(d, event.publicId(), t, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (IllegalArgumentException e) {
            error = "the request could not be made: " + e.getMessage();
        }
        Instant at = settings.clock().instant();
        if (status != null && status >= 200 && status < 300) {
            recorded(d, webhooks.delivered(d, status, at), status);
            return;
        }
        Instant first = d.firstAt() != null ? d.firstAt() : at;
        Instant next = at.plus(settings.backoff(d.attempts() + 1));
        boolean giveUp = !next.isBefore(first.plus(settings.retryFor()));
        if (!recorded(d, webhooks.failed(d, status, error, at, giveUp ? null : next), status)) {
            return;
        }
        LOG.info("webhook attempt endpoint={} event={} status={} error={} attempts={} next={}", d.endpointId(),
                event.publicId(), status, LogFields.value(error), d.attempts() + 1, giveUp ? "failed" : next);
    }

    /**
     * Whether an attempt's outcome was written; when not, the claim's lease had run out and another worker claimed
     * the delivery after it (its fencing token is stale): logged, and the other worker's attempt stands.
     */
    private static boolean recorded(Webhooks.Claimed d, boolean written, Integer status) {
        if (!written) {
            LOG.warn("webhook attempt not recorded endpoint={} event={} status={} token={}: the lease ran out and a "
                    + "later claim holds the delivery", d.endpointId(), d.eventId(), status, d.token());
        }
        return written;
    }

    /**
     * Creditpool's own signature, {@code t=T,v1=HEX}: the hex HMAC-SHA256 of {@code T.BODY} keyed with the secret's
     * UTF-8 bytes; while a rotation's overlap runs, a second {@code v1=} made with the secret it replaced.
     */
    static String signature(Webhooks.Claimed d, long t, String body) {
        String signed = t + "." + body;
        return "t=" + t + ",v1=" + sign(d.secret(), signed)
                + (d.previousSecret() == null ? "" : ",v1=" + sign(d.previousSecret(), signed));
    }

    /**
     * The Standard Webhooks signature: {@code v1,BASE64} of the HMAC-SHA256 of {@code ID.T.BODY}, keyed with the
     * base64 decoding of the secret after its {@code whsec_} prefix (as the specification's libraries read a
     * secret); while a rotation's overlap runs, a second one, space-separated, with the secret it replaced.
     */
    static String standardSignature(Webhooks.Claimed d, String id, long t, String body) {
        String signed = id + "." + t + "." + body;
        return "v1," + standardSign(d.secret(), signed)
                + (d.previousSecret() == null ? "" : " v1," + standardSign(d.previousSecret(), signed));
    }

    static String standardSign(String secret, String payload) {
        byte[] key = java.util.Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
        return java.util.Base64.getEncoder().encodeToString(hmac(key, payload));
    }

    /** The HMAC-SHA256 of {@code payload}'s UTF-8 bytes keyed with {@code key}. */
    private static byte[] hmac(byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    private final java.util.concurrent.atomic.AtomicReference<Instant> lastPurge =
            new java.util.concurrent.atomic.AtomicReference<>(Instant.MIN);

    /** At most once an hour (on one worker at a time): what the retention settings let go is removed. */
    private void purgeIfDue(Instant now) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_EVERY)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        Webhooks.Purged purged = webhooks.purge(now.minus(settings.retention()), now.minus(settings.eventRetention()));
        if (purged.deliveries() > 0 || purged.events() > 0) {
            LOG.info("webhooks purged deliveries={} events={} retention_days={} event_retention_days={}",
                    purged.deliveries(), purged.events(), settings.retention().toDays(),
                    settings.eventRetention().toDays());
        }
    }

    /** The hex HMAC-SHA256 of {@code payload} keyed with {@code secret}'s UTF-8 bytes. */
    static String sign(String secret, String payload) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), payload));
    }

    /** Stops the workers; a delivery in flight finishes or is left to its lease, and is sent again later. */
    @Override
    public void close() {
        stopping = true;
        // no interrupt: a worker may be inside a database call (H2 closes its file on an interrupt)
        wake.release(threads.size());
        for (Thread t : threads) {
            try {
                t.join(settings.timeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
