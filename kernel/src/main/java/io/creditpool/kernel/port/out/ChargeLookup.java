package io.creditpool.kernel.port.out;

/**
 * What the processor knows of a purchase's charges, asked before Creditpool charges for it again: the answer that
 * lets an unknown outcome (a timeout, a 5xx the processor saved as the key's answer) be resolved without a second
 * charge.
 */
public sealed interface ChargeLookup {
    /**
     * The processor holds a charge for the purchase with a final outcome: succeeded (the money was taken; its
     * reference goes to the ledger) or declined (it was not, and will not be by that charge).
     */
    record Found(ChargeResult result) implements ChargeLookup {
        public Found {
            if (result == null) {
                throw new IllegalArgumentException("a found charge needs its result");
            }
        }
    }

    /**
     * The processor, asked in a way that sees every charge at once (not a search index that lags), holds no charge
     * for the purchase, and none is under way: nothing was taken, so charging again is safe.
     */
    record NotFound() implements ChargeLookup {
    }

    /** It could not be known (the processor did not answer, a charge is still processing, or the plugin cannot ask). */
    record Unknown(String why) implements ChargeLookup {
    }

    static ChargeLookup succeeded(String reference) {
        return new Found(ChargeResult.succeeded(reference));
    }

    static ChargeLookup declined(String reason) {
        return new Found(ChargeResult.declined(reason));
    }

    static ChargeLookup notFound() {
        return new NotFound();
    }

    static ChargeLookup unknown(String why) {
        return new Unknown(why);
    }
}
