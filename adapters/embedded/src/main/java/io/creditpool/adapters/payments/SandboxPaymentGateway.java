package io.creditpool.adapters.payments;

import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.ChargeLookup;
import io.creditpool.kernel.port.out.ChargeRequest;
import io.creditpool.kernel.port.out.ChargeResult;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.kernel.port.out.PaymentPlugin;
import io.creditpool.kernel.port.out.ProcessorCharge;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A deterministic payment processor for tests, scenarios and trying Creditpool out: charges succeed until told
 * otherwise, for every team or for one team. Besides accepting and declining it plays the troubles of a real
 * processor whose answer does not arrive (see {@link Behaviour}). Like a real processor it charges at most once per
 * idempotency key, and a key it has answered (succeeded or declined) is answered the same way ever after, whatever
 * it has been told since. It {@link #lookup looks} a purchase's charge up by its key and {@link #charges lists} an
 * installation's charges, as a plugin backed by a processor's payment list does.
 */
@Singleton
public final class SandboxPaymentGateway implements PaymentGateway {
    /** The name that chooses the sandbox: {@code creditpool.payments=sandbox}. */
    public static final String PLUGIN = "sandbox";

    /** The sandbox as a plugin found by {@link java.util.ServiceLoader}; it takes no settings. */
    public static final class Plugin implements PaymentPlugin {
        @Override
        public String name() {
            return PLUGIN;
        }

        @Override
        public PaymentGateway open(String settings) {
            if (!settings.isBlank()) {
                throw new IllegalArgumentException("the sandbox takes no settings, found '" + settings + "'");
            }
            return new SandboxPaymentGateway();
        }
    }

    /** How the sandbox answers charges whose key it has not answered yet. */
    public enum Behaviour {
        /** The charge succeeds: the money is taken. */
        ACCEPT,
        /** The card is declined: nothing is taken, and the key stays declined. */
        DECLINE,
        /**
         * The processor takes the money and records the key as succeeded, but its answer never arrives: the charge
         * throws {@link ChargeOutcomeUnknownException}. A later charge with the same key gets the recorded success
         * and takes nothing more.
         */
        TIMEOUT,
        /** Like {@link #TIMEOUT} (the money is taken), but an answer arrives that cannot be read. */
        MALFORMED,
        /**
         * The connection is reset before the processor gets the request: the charge throws
         * {@link ChargeOutcomeUnknownException}, nothing is taken and nothing recorded, on every attempt while this
         * behaviour holds.
         */
        RESET,
        /**
         * The first attempt for each new key fails before the processor gets it (unknown outcome, nothing taken);
         * the next attempt with that key succeeds.
         */
        FAIL_THEN_SUCCEED;

        /** Its word in scenarios and the sandbox API: {@code accept}, ..., {@code fail-then-succeed}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private Behaviour everyone = Behaviour.ACCEPT;
    private final Map<TeamId, Behaviour> perTeam = new HashMap<>();
    /** Keys the processor has answered, with the answer every later charge with the key gets. */
    private final Map<String, ChargeResult> byKey = new HashMap<>();
    /** Keys whose first attempt failed under {@link Behaviour#FAIL_THEN_SUCCEED}. */
    private final Set<String> failedOnce = new HashSet<>();
    private final List<ChargeRequest> charged = new ArrayList<>();
    /** Every charge the processor answered, in order, as {@link #charges} lists them. */
    private final List<ProcessorCharge> history = new ArrayList<>();
    private final Clock clock;
    private int attempts;
    private final Map<TeamId, Integer> attemptsPerTeam = new HashMap<>();
    private volatile Duration delay = Duration.ZERO;

    /** A sandbox whose charges are stamped by the system clock. */
    public SandboxPaymentGateway() {
        this(Clock.systemUTC());
    }

    /** A sandbox whose charges are stamped by {@code clock}. */
    public SandboxPaymentGateway(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** From now on, charges for every team without a behaviour of its own are answered this way. */
    public synchronized void behave(Behaviour behaviour) {
        everyone = Objects.requireNonNull(behaviour, "behaviour");
    }

    /** From now on, charges for {@code team} are answered this way. */
    public synchronized void behave(TeamId team, Behaviour behaviour) {
        perTeam.put(team, Objects.requireNonNull(behaviour, "behaviour"));
    }

    /**
     * From now on every charge waits this long (real time) before the processor handles it, as a slow processor
     * would; charges made meanwhile wait side by side. {@link Duration#ZERO} answers at once again.
     */
    public void answerAfter(Duration wait) {
        if (wait == null || wait.isNegative()) {
            throw new IllegalArgumentException("wait: must be zero or positive, was " + wait);
        }
        delay = wait;
    }

    @Override
    public ChargeResult charge(ChargeRequest request) {
        Duration wait = delay;
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChargeOutcomeUnknownException("interrupted while waiting for the payment processor "
                        + "(sandbox)", e);
            }
        }
        return handle(request);
    }

    private synchronized ChargeResult handle(ChargeRequest request) {
        attempts++;
        attemptsPerTeam.merge(request.team(), 1, Integer::sum);
        String key = request.idempotencyKey();
        ChargeResult earlier = byKey.get(key);
        if (earlier != null) {
            return earlier;
        }
        switch (perTeam.getOrDefault(request.team(), everyone)) {
            case ACCEPT -> {
                return answer(key, take(request));
            }
            case DECLINE -> {
                return answer(key, ChargeResult.declined("card_declined (sandbox)"));
            }
            case TIMEOUT -> {
                answer(key, take(request));
                throw new ChargeOutcomeUnknownException("the payment processor did not answer in time (sandbox)");
            }
            case MALFORMED -> {
                answer(key, take(request));
                throw new ChargeOutcomeUnknownException("the payment processor's answer could not be read (sandbox)");
            }
            case RESET -> throw new ChargeOutcomeUnknownException(
                    "the connection to the payment processor was reset (sandbox)");
            case FAIL_THEN_SUCCEED -> {
                if (failedOnce.add(key)) {
                    throw new ChargeOutcomeUnknownException(
                            "the connection to the payment processor failed (sandbox); the next attempt succeeds");
                }
                return answer(key, take(request));
            }
            default -> throw new IllegalStateException("unknown behaviour");
        }
    }

    private ChargeResult take(ChargeRequest request) {
        charged.add(request);
        ChargeResult result = ChargeResult.succeeded("sandbox-charge-" + charged.size());
        history.add(new ProcessorCharge(result.reference(), request.idempotencyKey(), request.installation(),
                request.amount(), true, clock.instant()));
        return result;
    }

    private ChargeResult answer(String key, ChargeResult result) {
        byKey.put(key, result);
        return result;
    }

    /** The answer the key got, whatever came after it: found when the sandbox answered it, else not found. */
    @Override
    public synchronized ChargeLookup lookup(ChargeRequest request) {
        ChargeResult result = byKey.get(request.idempotencyKey());
        return result == null ? ChargeLookup.notFound() : new ChargeLookup.Found(result);
    }

    /** The charges that took money for {@code installation} at or after {@code since}, oldest first. */
    @Override
    public synchronized List<ProcessorCharge> charges(String installation, Instant since) {
        return history.stream().filter(c -> c.installation().equals(installation) && !c.at().isBefore(since))
                .toList();
    }

    /**
     * Takes money as if a charge had been made with {@code request}'s key outside Creditpool's knowledge (another
     * tool, a record lost): the processor holds it, the ledger does not. For reconciliation tests.
     */
    public synchronized ChargeResult chargeDirectly(ChargeRequest request) {
        return answer(request.idempotencyKey(), take(request));
    }

    /** Every charge that took money, oldest first (at most one per idempotency key). */
    public synchronized List<ChargeRequest> charged() {
        return List.copyOf(charged);
    }

    /** How many times {@link #charge} was called, answered or not, repeated keys included. */
    public synchronized int attempts() {
        return attempts;
    }

    /** How new charges for {@code team} are answered now: its own behaviour, else the one for every team. */
    public synchronized Behaviour behaviour(TeamId team) {
        return perTeam.getOrDefault(team, everyone);
    }

    /** The charges for {@code team} that took money, oldest first. */
    public synchronized List<ChargeRequest> charged(TeamId team) {
        return charged.stream().filter(c -> c.team().equals(team)).toList();
    }

    /** How many times {@link #charge} was called for {@code team}, answered or not, repeated keys included. */
    public synchronized int attempts(TeamId team) {
        return attemptsPerTeam.getOrDefault(team, 0);
    }
}
