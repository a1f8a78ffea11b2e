package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.adapters.store.DiscardableStore;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.adapters.payments.SandboxPaymentGateway;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.creditpool.adapters.scenario.ScenarioParser.credits;

/**
 * A scenario's world in this JVM: the whole wired Creditpool on a store of its own, with a manual clock at the
 * scenario's start and the sandbox processor.
 */
public final class InProcessWorld implements ScenarioWorld {
    private final Creditpool pool;
    private final ManualClock clock;
    private final SandboxPaymentGateway sandbox;
    private final TeamId team;
    private final List<CreditEvent> heard = new ArrayList<>();

    /**
     * A world for {@code scenario}: its plans added to the table, {@code setup} applied (other rules, another plan
     * table), on a store of its own made from {@code store} (a folder or a schema, removed by {@link #close()}).
     */
    public static InProcessWorld open(Scenario scenario, UnaryOperator<Creditpool.Builder> setup, StoreSettings store) {
        StoreSettings own = store.isolated("scenario_" + UUID.randomUUID().toString().replace("-", ""));
        ManualClock clock = new ManualClock(scenario.start());
        SandboxPaymentGateway sandbox = new SandboxPaymentGateway();
        // no worker threads: the purchases a step orders are settled before the next step, so results are the same
        // on every run
        Creditpool pool = setup.apply(Creditpool.builder().synchronousPurchases().clock(clock).payments(sandbox)
                .plans(scenario.plans()).store(own)).build();
        return new InProcessWorld(pool, clock, sandbox, TeamId.of(scenario.team().id()));
    }

    private InProcessWorld(Creditpool pool, ManualClock clock, SandboxPaymentGateway sandbox, TeamId team) {
        this.pool = pool;
        this.clock = clock;
        this.sandbox = sandbox;
        this.team = team;
        pool.subscribe(event -> {
            if (event.team().equals(team)) {
                synchronized (heard) {
                    heard.add(event);
                }
            }
        });
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public Decision createTeam(Scenario.TeamSpec spec) {
        return settled(pool.createTeam(new CreateTeamCommand(team, spec.plan(), spec.seats(), MemberId.of(spec.owner()),
                spec.anchorDay(), null)));
    }

    @Override
    public Decision invite(String by, String member, String role, String id) {
        return settled(pool.invite(new InviteMemberCommand(team, MemberId.of(by), MemberId.of(member),
                Role.assignable("role", role), RequestId.ofNullable(id))));
    }

    @Override
    public Decision remove(String by, String member, String id) {
        return settled(pool.remove(new RemoveMemberCommand(team, MemberId.of(by), MemberId.of(member),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision changeRole(String by, String member, String role, String id) {
        return settled(pool.changeRole(new ChangeRoleCommand(team, MemberId.of(by), MemberId.of(member),
                Role.assignable("role", role), RequestId.ofNullable(id))));
    }

    @Override
    public Decision setLimit(String by, String member, BigInteger limit, String id) {
        return settled(pool.setLimit(new SetMemberLimitCommand(team, MemberId.of(by), MemberId.of(member),
                limit == null ? MemberLimit.UNLIMITED : MemberLimit.of(credits("limit", limit)),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision setOwnLimit(String member, BigInteger limit, String id) {
        return settled(pool.setOwnLimit(new SetOwnLimitCommand(team, MemberId.of(member),
                limit == null ? MemberLimit.UNLIMITED : MemberLimit.of(credits("limit", limit)),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision createGroup(String by, String group, String name, Step.Cap cap, String id) {
        return settled(pool.createGroup(new CreateGroupCommand(team, MemberId.of(by), GroupId.of(group), name,
                cap(cap), RequestId.ofNullable(id))));
    }

    @Override
    public Decision changeGroup(String by, String group, String name, Step.Cap cap, String id) {
        return settled(pool.changeGroup(new ChangeGroupCommand(team, MemberId.of(by), GroupId.of(group), name,
                cap(cap), RequestId.ofNullable(id))));
    }

    @Override
    public Decision deleteGroup(String by, String group, String id) {
        return settled(pool.deleteGroup(new DeleteGroupCommand(team, MemberId.of(by), GroupId.of(group),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision moveMember(String by, String member, String group, String id) {
        return settled(pool.moveMember(new MoveMemberCommand(team, MemberId.of(by), MemberId.of(member),
                GroupId.ofNullable(group), RequestId.ofNullable(id))));
    }

    /** A cap as a step gave it; null when it gave none. */
    private static GroupCap cap(Step.Cap cap) {
        if (cap == null) {
            return null;
        }
        return cap.credits() == null ? GroupCap.UNLIMITED : GroupCap.of(credits("cap", cap.credits()));
    }

    @Override
    public Decision consume(String member, BigInteger amount, String id) {
        return settled(pool.consume(new ConsumeCreditsCommand(team, MemberId.of(member), credits("amount", amount),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision reserve(String member, BigInteger amount, Duration holdFor, String id) {
        return settled(pool.reserve(new ReserveCreditsCommand(team, MemberId.of(member), credits("amount", amount), holdFor,
                RequestId.of(id))));
    }

    @Override
    public Decision settle(String member, String reservation, BigInteger amount, String id) {
        return settled(pool.settle(new SettleReservationCommand(team, MemberId.of(member), RequestId.of(reservation),
                credits("amount", amount), RequestId.ofNullable(id))));
    }

    @Override
    public Decision release(String member, String reservation, String id) {
        return settled(pool.release(new ReleaseReservationCommand(team, MemberId.of(member), RequestId.of(reservation),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision buyTopUp(String by, BigInteger amount, String id) {
        return settled(pool.buyTopUp(new BuyTopUpCommand(team, MemberId.of(by), credits("amount", amount),
                RequestId.ofNullable(id))));
    }

    @Override
    public Decision configureAutoTopUp(String by, boolean enabled, BigInteger threshold, BigInteger amount,
            BigInteger monthlyCap, String id) {
        return settled(pool.configureAutoTopUp(new ConfigureAutoTopUpCommand(team, MemberId.of(by), enabled,
                credits("threshold", threshold), credits("amount", amount),
                monthlyCap == null ? null : credits("monthly-cap", monthlyCap), RequestId.ofNullable(id))));
    }

    @Override
    public void payments(SandboxPaymentGateway.Behaviour behaviour) {
        sandbox.behave(team, behaviour);
    }

    @Override
    public void advanceTo(Instant instant) {
        clock.advanceTo(instant);
        pool.settlePurchases();
    }

    /**
     * {@code decision}, after the purchase workers' round the step set off (run here, on the scenario's thread): an
     * auto top-up ordered by a consumption is settled before the next step, as a worker would settle it at once.
     */
    private Decision settled(Decision decision) {
        pool.settlePurchases();
        return decision;
    }

    @Override
    public Optional<TeamMetrics> metrics() {
        return pool.metrics(team);
    }

    @Override
    public long paid() {
        // what the processor took, whether or not Creditpool has heard its answer yet
        return sandbox.charged(team).size();
    }

    @Override
    public List<Long> charged() {
        return sandbox.charged(team).stream().map(c -> c.amount().minorUnits()).toList();
    }

    @Override
    public List<CreditEvent> told() {
        synchronized (heard) {
            List<CreditEvent> fresh = List.copyOf(heard);
            heard.clear();
            return fresh;
        }
    }

    @Override
    public List<LedgerEntry> ledger() {
        return pool.metrics(team).isPresent() ? pool.ledger(team) : List.of();
    }

    @Override
    public List<String> audit() {
        return pool.audit(team);
    }

    @Override
    public void close() {
        if (pool.component(CreditStore.class) instanceof DiscardableStore discardable) {
            discardable.closeAndDiscard();
        }
    }
}
