package io.creditpool.adapters.events;

import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.EventSink;
import io.creditpool.kernel.port.out.StoredEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Hands the events of the store's outbox to the in-process {@link EventSink} (the host product's listeners), in id
 * order, after the transactions that wrote them have committed: on the thread that committed, before the command
 * that made them answers. It remembers the last id it handed on and reads only what comes after it (by id), so its
 * cost does not grow with the outbox. Events committed before this process started are not handed on here (webhooks
 * and {@code GET /v1/events} deliver those); a sink that throws is logged and does not undo the change nor keep the
 * next events from the others.
 */
@Singleton
public final class OutboxRelay {
    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());
    private static final int PAGE = 500;

    private final CreditStore store;
    private final EventSink sink;
    private long handedOn;

    @Inject
    public OutboxRelay(CreditStore store, EventSink sink) {
        this.store = store;
        this.sink = sink;
        this.handedOn = store.lastEventId();
        store.afterEventsCommitted(this::drain);
    }

    /** Hands on every event committed since the last one handed on. */
    public synchronized void drain() {
        try {
            while (true) {
                List<StoredEvent> page = store.events(handedOn, PAGE, null);
                for (StoredEvent e : page) {
                    try {
                        sink.publish(e.event());
                    } catch (RuntimeException failure) {
                        LOG.log(System.Logger.Level.WARNING, "an event listener failed on " + e.publicId() + " "
                                + e.event(), failure);
                    }
                    handedOn = e.id();
                }
                if (page.size() < PAGE) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the outbox could not be read (the database is away): the events stay there, handed on with the next ones
            LOG.log(System.Logger.Level.WARNING, "the event outbox could not be read after event " + handedOn, e);
        }
    }

    /** The id of the last event handed on. */
    public synchronized long handedOn() {
        return handedOn;
    }
}
