package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.creditpool.adapters.memory.InMemoryCreditStore;
import io.creditpool.adapters.sessions.InMemoryPageSessions;
import io.creditpool.adapters.sessions.PageSessions;
import io.creditpool.adapters.store.StoreProvider;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;

/**
 * Where teams and ledgers are kept, as the store settings say: in memory, or a persistent store opened by the
 * {@link StoreProvider} on the class path (H2 in file mode or PostgreSQL with {@code creditpool-store-jdbc}).
 */
public final class StorageModule extends AbstractModule {
    private final StoreSettings settings;

    public StorageModule(StoreSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(StoreSettings.class).toInstance(settings);
        if (settings.kind() == StoreSettings.Kind.MEMORY) {
            bind(CreditStore.class).to(InMemoryCreditStore.class);
        } else {
            bind(CreditStore.class).toInstance(StoreProvider.of(settings).open(settings));
        }
    }

    /** The Credits &amp; Billing page's links and sessions, kept where the store keeps them (else in memory). */
    @Provides
    @Singleton
    PageSessions pageSessions(CreditStore store) {
        return store instanceof PageSessions.Kept kept ? kept.pageSessions() : new InMemoryPageSessions();
    }
}
