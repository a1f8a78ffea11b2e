package io.creditpool.adapters.scenario;

import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditEvent;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a running scenario acts on: its team, with a clock and a sandbox processor of its own. Each command takes the
 * values as the scenario wrote them (member ids, role words, amounts that may not even fit in a long) and answers the
 * decision; bad input may be thrown as {@link io.creditpool.kernel.domain.InvalidInputException} or answered as the
 * {@code invalid-input} denial. Two kinds: {@link InProcessWorld} (a Creditpool in this JVM) and {@link HttpWorld}
 * (a server in sandbox mode, through its HTTP API).
 */
public interface ScenarioWorld extends AutoCloseable {
    /** The time on the team's clock. */
    Instant now();

    Decision createTeam(Scenario.TeamSpec spec);

    Decision invite(String by, String member, String role, String id);

    Decision remove(String by, String member, String id);

    Decision changeRole(String by, String member, String role, String id);

    /** {@code limit} null: unlimited. */
    Decision setLimit(String by, String member, BigInteger limit, String id);

    Decision consume(String member, BigInteger amount, String id);

    /** {@code holdFor} null: the default hold; {@code id} names the reservation. */
    Decision reserve(String member, BigInteger amount, Duration holdFor, String id);

    Decision settle(String member, String reservation, BigInteger amount, String id);

    Decision release(String member, String reservation, String id);

    Decision buyTopUp(String by, BigInteger amount, String id);

    /** {@code monthlyCap} null: no cap. */
    Decision configureAutoTopUp(String by, boolean enabled, BigInteger threshold, BigInteger amount,
            BigInteger monthlyCap, String id);

    /** {@code member} lowers their own monthly limit; {@code limit} null: lets go of it (unlimited). */
    default Decision setOwnLimit(String member, BigInteger limit, String id) {
        throw new UnsupportedOperationException("this scenario world has no own limits");
    }

    /** Makes a group; {@code name} null: its id; {@code cap} null: no cap. */
    default Decision createGroup(String by, String group, String name, Step.Cap cap, String id) {
        throw new UnsupportedOperationException("this scenario world has no groups");
    }

    /** Renames a group ({@code name} null: keeps it) and sets its cap ({@code cap} null: keeps it). */
    default Decision changeGroup(String by, String group, String name, Step.Cap cap, String id) {
        throw new UnsupportedOperationException("this scenario world has no groups");
    }

    default Decision deleteGroup(String by, String group, String id) {
        throw new UnsupportedOperationException("this scenario world has no groups");
    }

    /** Moves {@code member} into {@code group}; null: into no group. */
    default Decision moveMember(String by, String member, String group, String id) {
        throw new UnsupportedOperationException("this scenario world has no groups");
    }

    /** How the sandbox processor answers the team's new charges from now on. */
    void payments(SandboxPaymentGateway.Behaviour behaviour);

    /** Moves the team's clock forward to {@code instant}. */
    void advanceTo(Instant instant);

    /** The team as the workspace settings show it; empty before it is created. */
    Optional<TeamMetrics> metrics();

    /** Charges for the team in which the sandbox processor took the money. */
    long paid();

    /**
     * What the sandbox processor took for each of the team's charges that took money, in minor units, oldest first
     * (one per purchase: a charge retried with its key is counted once).
     */
    List<Long> charged();

    /** The events the team told since the previous call, in order. */
    List<CreditEvent> told();

    /**
     * The team's ledger, oldest entry first (empty before it is created), for tools that compare runs.
     *
     * @throws UnsupportedOperationException in a world that cannot read it
     */
    default List<LedgerEntry> ledger() {
        throw new UnsupportedOperationException("this scenario world does not read the ledger");
    }

    /** What is wrong with the team's guarantees; empty when they all hold. */
    List<String> audit();

    /** Lets go of what the world holds (a store of its own). */
    @Override
    void close();
}
