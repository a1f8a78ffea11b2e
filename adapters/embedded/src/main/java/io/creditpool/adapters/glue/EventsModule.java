package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.creditpool.adapters.events.InMemoryEventLog;
import io.creditpool.adapters.events.InMemoryWebhooks;
import io.creditpool.adapters.events.Webhooks;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.EventSink;

/**
 * Events for the host product: written with each change into the store's outbox, handed from there to its
 * in-process listeners (kept in memory too), and to webhook endpoints, kept where the store keeps them (in memory
 * for a store that keeps none).
 */
public final class EventsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(EventSink.class).to(InMemoryEventLog.class);
    }

    @Provides
    @Singleton
    Webhooks webhooks(CreditStore store) {
        return store instanceof Webhooks.Kept kept ? kept.webhooks() : new InMemoryWebhooks();
    }
}
