package io.creditpool.adapters.payments;

import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.ProcessorCharge;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A payment plugin that asks the processor before it charges: a purchase whose charge the processor already holds
 * with a final outcome gets that outcome, and is not charged again; otherwise (not found, or no answer) it is charged
 * with its key as usual. {@code ./creditpool recover} charges through it, so that a purchase whose money was taken
 * behind a saved 5xx, or behind a key the processor has since forgotten, is granted once and never charged twice.
 * A look-up costs a listing of the customer's payments, which is why the request path does not use it for a
 * purchase's first charge.
 */
public final class AskFirstPaymentGateway implements PaymentGateway {
    private final PaymentGateway inner;

    public AskFirstPaymentGateway(PaymentGateway inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        ChargeLookup known = inner.lookup(request);
        if (known instanceof ChargeLookup.Found found) {
            return found.result();
        }
        return inner.charge(request);
    }

    @Override
    public ChargeLookup lookup(ChargeRequest request) {
        return inner.lookup(request);
    }

    @Override
    public List<ProcessorCharge> charges(String installation, Instant since) {
        return inner.charges(installation, since);
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
