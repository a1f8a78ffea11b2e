package io.creditpool.adapters.events;

import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.EventSink;
import io.creditpool.kernel.port.out.StoredEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Hands the events this process's transactions wrote into the store's outbox to the in-process {@link EventSink}
 * (the host product's listeners), once each transaction has committed: on the thread that committed it, before the
 * commands it carried answer, a team's events in the order they were committed. Events another process sharing the
 * store wrote are its own listeners' (webhooks and {@code GET /v1/events} deliver every event). A sink that throws
 * is logged and does not undo the change nor keep the next events from the others.
 */
@Singleton
public final class OutboxRelay {
    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    private final EventSink sink;
    private long handedOn;

    @Inject
    public OutboxRelay(CreditStore store, EventSink sink) {
        this.sink = sink;
        store.afterEventsCommitted(this::handOn);
    }

    /** Hands on the events of one committed transaction, in id order. */
    synchronized void handOn(List<StoredEvent> events) {
        for (StoredEvent e : events) {
            try {
                sink.publish(e.event());
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "an event listener failed on " + e.publicId() + " " + e.event(),
                        failure);
            }
            handedOn = Math.max(handedOn, e.id());
        }
    }

    /** The greatest id handed on so far; 0 before the first. */
    public synchronized long handedOn() {
        return handedOn;
    }
}
