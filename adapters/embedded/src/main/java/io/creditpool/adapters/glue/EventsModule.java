package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.events.InMemoryEventLog;
import io.creditpool.kernel.port.out.EventSink;

/** Events for the host product: kept in memory and handed to its listeners. */
public final class EventsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(EventSink.class).to(InMemoryEventLog.class);
    }
}
