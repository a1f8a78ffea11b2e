package io.creditpool.adapters.http;

import java.time.Clock;
import java.time.Duration;

/**
 * How webhook deliveries are sent and retried. A failed attempt (no answer, or not 2xx) is tried again after
 * {@code baseBackoff}, then twice as long each time, at most {@code maxBackoff} apart, until {@code retryFor} has
 * passed since the first attempt: then the delivery is failed for good. Read from system properties
 * {@code creditpool.webhooks.*} (see {@link #configured()}).
 *
 * @param workers     how many threads send deliveries
 * @param timeout     how long one attempt waits for the endpoint's answer
 * @param lease       how long a claimed delivery is kept from other workers (longer than {@code timeout})
 * @param poll        how often idle workers look for due deliveries (they are also woken by new events)
 * @param clock       the time deliveries are scheduled by
 * @param retention   how long a delivered or failed delivery is kept after its last attempt
 * @param eventRetention how long an event is kept in the outbox (and the feed) once every endpoint has been given it
 */
public record WebhookSettings(int workers, Duration baseBackoff, Duration maxBackoff, Duration retryFor,
        Duration timeout, Duration lease, Duration poll, Clock clock, Duration retention, Duration eventRetention) {
    public WebhookSettings {
        if (workers < 1 || baseBackoff.isNegative() || baseBackoff.isZero() || maxBackoff.compareTo(baseBackoff) < 0
                || lease.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("creditpool.webhooks: need 1 or more workers, a base backoff above 0 "
                    + "and not above the longest, and a lease longer than the timeout");
        }
        if (retention.isNegative() || retention.isZero() || eventRetention.isNegative() || eventRetention.isZero()) {
            throw new IllegalArgumentException("creditpool.webhooks.retention-days and creditpool.events.retention-days"
                    + ": need 1 day or more");
        }
    }

    /**
     * The settings of the system properties: {@code creditpool.webhooks.workers} (2),
     * {@code creditpool.webhooks.backoff-ms} (30,000: 30 s), {@code creditpool.webhooks.max-backoff-ms}
     * (3,600,000: 1 h), {@code creditpool.webhooks.retry-for-hours} (72: three days),
     * {@code creditpool.webhooks.timeout-ms} (10,000, for connecting and again for the answer; a claimed delivery
     * is kept from other workers for both and 5 s more), {@code creditpool.webhooks.retention-days} (30: how long a
     * delivered or failed delivery is kept) and {@code creditpool.events.retention-days} (30: how long an event stays
     * in the outbox and the feed once every endpoint has been given it).
     */
    public static WebhookSettings configured() {
        Duration timeout = Duration.ofMillis(Long.getLong("creditpool.webhooks.timeout-ms", 10_000));
        return new WebhookSettings(Integer.getInteger("creditpool.webhooks.workers", 2),
                Duration.ofMillis(Long.getLong("creditpool.webhooks.backoff-ms", 30_000)),
                Duration.ofMillis(Long.getLong("creditpool.webhooks.max-backoff-ms", 3_600_000)),
                Duration.ofHours(Long.getLong("creditpool.webhooks.retry-for-hours", 72)),
                timeout, timeout.multipliedBy(2).plusSeconds(5), Duration.ofSeconds(1), Clock.systemUTC(),
                Duration.ofDays(Long.getLong("creditpool.webhooks.retention-days", 30)),
                Duration.ofDays(Long.getLong("creditpool.events.retention-days", 30)));
    }

    /** The wait after the {@code failures}-th failed attempt (from 1): base, doubled each time, at most the longest. */
    public Duration backoff(int failures) {
        Duration wait = baseBackoff.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 30));
        return wait.compareTo(maxBackoff) > 0 || wait.isNegative() ? maxBackoff : wait;
    }

    public WebhookSettings withBackoff(Duration base, Duration max, Duration retry) {
        return new WebhookSettings(workers, base, max, retry, timeout, lease, poll, clock, retention, eventRetention);
    }

    public WebhookSettings withTimeout(Duration value) {
        return new WebhookSettings(workers, baseBackoff, maxBackoff, retryFor, value, value.multipliedBy(2)
                .plusSeconds(5), poll, clock, retention, eventRetention);
    }

    public WebhookSettings withPoll(Duration value) {
        return new WebhookSettings(workers, baseBackoff, maxBackoff, retryFor, timeout, lease, value, clock, retention,
                eventRetention);
    }

    public WebhookSettings withRetention(Duration deliveries, Duration events) {
        return new WebhookSettings(workers, baseBackoff, maxBackoff, retryFor, timeout, lease, poll, clock, deliveries,
                events);
    }
}
