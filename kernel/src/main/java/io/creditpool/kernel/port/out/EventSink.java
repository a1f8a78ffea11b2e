package io.creditpool.kernel.port.out;

/**
 * Where events for the host product's in-process listeners go. Called with the events a transaction wrote into the
 * store's outbox, after it has committed (so only for changes that were stored), a team's events in the order they
 * were committed. Delivery is at least once: a host that must not act twice on one event keeps the event's outbox id
 * ({@link StoredEvent#id()}, as {@code Creditpool.events} reads them) and skips a repeat.
 */
public interface EventSink {
    void publish(CreditEvent event);
}
