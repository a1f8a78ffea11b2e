package io.creditpool.adapters.payments;

import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic payment processor for tests, scenarios and trying Creditpool out: charges succeed until told
 * to decline, for every team or for one team. Like a real processor it charges at most once per idempotency key
 * and answers a repeated key as it answered the first time.
 */
@Singleton
public final class SandboxPaymentGateway implements PaymentGateway {
    /** How the sandbox answers charges. */
    public enum Behaviour {
        ACCEPT, DECLINE
    }

    private Behaviour everyone = Behaviour.ACCEPT;
    private final Map<TeamId, Behaviour> perTeam = new HashMap<>();
    private final Map<String, ChargeResult> byKey = new HashMap<>();
    private final List<ChargeRequest> charged = new ArrayList<>();

    /** From now on, charges for every team without a behaviour of its own are answered this way. */
    public synchronized void behave(Behaviour behaviour) {
        everyone = behaviour;
    }

    /** From now on, charges for {@code team} are answered this way. */
    public synchronized void behave(TeamId team, Behaviour behaviour) {
        perTeam.put(team, behaviour);
    }

    @Override
    public synchronized ChargeResult charge(ChargeRequest request) {
        ChargeResult earlier = byKey.get(request.idempotencyKey());
        if (earlier != null) {
            return earlier;
        }
        ChargeResult result;
        if (perTeam.getOrDefault(request.team(), everyone) == Behaviour.ACCEPT) {
            charged.add(request);
            result = ChargeResult.succeeded("sandbox-charge-" + charged.size());
        } else {
            result = ChargeResult.declined("card_declined (sandbox)");
        }
        byKey.put(request.idempotencyKey(), result);
        return result;
    }

    /** Every charge that took money, oldest first. */
    public synchronized List<ChargeRequest> charged() {
        return List.copyOf(charged);
    }
}
