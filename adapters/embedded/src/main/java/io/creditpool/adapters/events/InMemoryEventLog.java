package io.creditpool.adapters.events;

import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.EventSink;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Keeps every event in memory and hands each to the listeners a host product registered, in the order the
 * events were published.
 */
@Singleton
public final class InMemoryEventLog implements EventSink {
    private final List<CreditEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<CreditEvent>> listeners = new CopyOnWriteArrayList<>();

    private static final System.Logger LOG = System.getLogger(InMemoryEventLog.class.getName());

    /** Hands the event to every listener; one that fails is logged and does not keep it from the others. */
    @Override
    public void publish(CreditEvent event) {
        events.add(event);
        for (Consumer<CreditEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "an event listener failed on " + event, e);
            }
        }
    }

    public void subscribe(Consumer<CreditEvent> listener) {
        listeners.add(listener);
    }

    public List<CreditEvent> events() {
        return List.copyOf(events);
    }
}
