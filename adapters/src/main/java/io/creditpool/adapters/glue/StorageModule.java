package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.memory.InMemoryCreditStore;
import io.creditpool.kernel.port.out.CreditStore;

/** Where teams and ledgers are kept: in memory. */
public final class StorageModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(CreditStore.class).to(InMemoryCreditStore.class);
    }
}
