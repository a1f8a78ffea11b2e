package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.kernel.port.out.PurchaseHandOff;

/** The purchase workers: the threads that charge top-ups off the request path, as their settings say. */
public final class WorkersModule extends AbstractModule {
    private final PurchaseWorker.Settings settings;

    public WorkersModule(PurchaseWorker.Settings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(PurchaseWorker.Settings.class).toInstance(settings);
        bind(PurchaseHandOff.class).to(PurchaseWorker.class);
    }
}
