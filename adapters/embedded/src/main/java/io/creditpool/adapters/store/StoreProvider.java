package io.creditpool.adapters.store;

import io.creditpool.kernel.port.out.CreditStore;

import java.util.ServiceLoader;

/**
 * Opens the persistent stores a {@link StoreSettings} names ({@code h2:PATH}, {@code postgres:JDBC-URL}), found with
 * {@link ServiceLoader} so that a host product takes the store module it uses and no other: {@code creditpool-store-jdbc}
 * provides H2 and PostgreSQL. The in-memory store needs no provider.
 */
public interface StoreProvider {
    /** Whether this provider opens stores of {@code kind}. */
    boolean opens(StoreSettings.Kind kind);

    /** Connects to the store, brings its schema up to date, and answers it ready for commands. */
    CreditStore open(StoreSettings settings);

    /** The provider on the class path that opens {@code settings}; a clear error naming the module when none does. */
    static StoreProvider of(StoreSettings settings) {
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
            if (provider.opens(settings.kind())) {
                return provider;
            }
        }
        throw new IllegalStateException(StoreSettings.PROPERTY + ": the store '" + settings + "' needs the module "
                + "io.creditpool:creditpool-store-jdbc on the class path");
    }
}
