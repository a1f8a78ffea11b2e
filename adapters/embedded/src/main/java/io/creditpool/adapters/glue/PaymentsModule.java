package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.payments.PaymentPlugins;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.port.out.PaymentGateway;

/**
 * The payment plugin: the one the host product gives, else the one the configuration names
 * ({@code creditpool.payments}), else the sandbox.
 */
public final class PaymentsModule extends AbstractModule {
    private final PaymentGateway gateway;

    /** {@code gateway} may be null: the sandbox. */
    public PaymentsModule(PaymentGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected void configure() {
        if (gateway != null) {
            bind(PaymentGateway.class).toInstance(gateway);
            return;
        }
        String configured = PaymentPlugins.configured();
        if (configured.equals(SandboxPaymentGateway.PLUGIN)) {
            bind(PaymentGateway.class).to(SandboxPaymentGateway.class);
        } else {
            bind(PaymentGateway.class).toInstance(PaymentPlugins.open(configured));
        }
    }
}
