package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreProvider;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.CreditStore;

/** Opens {@code sqlite:PATH}, {@code h2:PATH} and {@code postgres:JDBC-URL} stores as a {@link JdbcCreditStore}. */
public final class JdbcStoreProvider implements StoreProvider {
    @Override
    public boolean opens(StoreSettings.Kind kind) {
        return kind == StoreSettings.Kind.SQLITE || kind == StoreSettings.Kind.H2
                || kind == StoreSettings.Kind.POSTGRES;
    }

    @Override
    public CreditStore open(StoreSettings settings) {
        return JdbcCreditStore.open(settings);
    }
}
