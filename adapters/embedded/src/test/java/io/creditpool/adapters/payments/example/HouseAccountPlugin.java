package io.creditpool.adapters.payments.example;

import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PaymentPlugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example payment plugin of the README: a house account that pays any charge up to a limit per charge, chosen
 * with {@code creditpool.payments=house-account:LIMIT} (minor units). It is found through
 * {@code META-INF/services/io.creditpool.kernel.port.out.PaymentPlugin}, like any plugin a host product ships.
 */
public final class HouseAccountPlugin implements PaymentPlugin {
    @Override
    public String name() {
        return "house-account";
    }

    @Override
    public PaymentGateway open(String settings) {
        long limit;
        try {
            limit = Long.parseLong(settings.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the limit per charge must be a whole number of minor units, found '"
                    + settings + "'");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("the limit per charge must be positive, found " + limit);
        }
        return new HouseAccount(limit);
    }

    /** Pays up to the limit; remembers each key's answer, so a charge made again takes nothing more. */
    public static final class HouseAccount implements PaymentGateway {
        private final long limit;
        private final Map<String, ChargeResult> answers = new LinkedHashMap<>();

        HouseAccount(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized ChargeResult charge(ChargeRequest request) {
            return answers.computeIfAbsent(request.idempotencyKey(), key -> request.amount().minorUnits() <= limit
                    ? ChargeResult.succeeded("house-" + (answers.size() + 1))
                    : ChargeResult.declined("over_house_limit"));
        }

        public synchronized List<String> keys() {
            return List.copyOf(answers.keySet());
        }
    }
}
