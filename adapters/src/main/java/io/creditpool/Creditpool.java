package io.creditpool;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.creditpool.adapters.events.InMemoryEventLog;
import io.creditpool.adapters.glue.CreditpoolModule;
import io.creditpool.adapters.jdbc.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.BuyTopUpUseCase;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpCommand;
import io.creditpool.kernel.port.in.ConfigureAutoTopUpUseCase;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsUseCase;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.CreateTeamUseCase;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ManageMembersUseCase;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.ReserveCreditsUseCase;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.SettleReservationUseCase;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.in.TeamQueries;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creditpool embedded in a host product: team credit pools behind one object. Every command answers with a
 * {@link Decision}; bad input throws {@link io.creditpool.kernel.domain.InvalidInputException} naming the field,
 * and changes nothing.
 *
 * <pre>{@code
 * Creditpool pool = Creditpool.embedded();
 * pool.createTeam(new CreateTeamCommand(TeamId.of("acme"), "team", 3, MemberId.of("olivia"), 1, null));
 * Decision d = pool.consume(new ConsumeCreditsCommand(TeamId.of("acme"), MemberId.of("olivia"), 120,
 *         RequestId.of("gen-1")));
 * }</pre>
 */
public final class Creditpool implements AutoCloseable {
    private final Injector injector;
    private final CreateTeamUseCase teams;
    private final ManageMembersUseCase members;
    private final ConfigureAutoTopUpUseCase autoTopUp;
    private final ConsumeCreditsUseCase consumption;
    private final BuyTopUpUseCase topUps;
    private final ReserveCreditsUseCase reservations;
    private final SettleReservationUseCase settlements;
    private final TeamQueries queries;

    private Creditpool(Injector injector) {
        this.injector = injector;
        this.teams = injector.getInstance(CreateTeamUseCase.class);
        this.members = injector.getInstance(ManageMembersUseCase.class);
        this.autoTopUp = injector.getInstance(ConfigureAutoTopUpUseCase.class);
        this.consumption = injector.getInstance(ConsumeCreditsUseCase.class);
        this.topUps = injector.getInstance(BuyTopUpUseCase.class);
        this.reservations = injector.getInstance(ReserveCreditsUseCase.class);
        this.settlements = injector.getInstance(SettleReservationUseCase.class);
        this.queries = injector.getInstance(TeamQueries.class);
    }

    /**
     * Creditpool with the rules and plans of the configured rules folder ({@code creditpool.rules} or
     * {@code CREDITPOOL_RULES}; the shipped ones when neither is set), the store the settings name
     * ({@code creditpool.store} or {@code CREDITPOOL_STORE}; memory when neither is set), the sandbox payment gateway
     * and the wall clock.
     */
    public static Creditpool embedded() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Decision createTeam(CreateTeamCommand command) {
        return teams.createTeam(command);
    }

    public Decision invite(InviteMemberCommand command) {
        return members.invite(command);
    }

    public Decision remove(RemoveMemberCommand command) {
        return members.remove(command);
    }

    public Decision changeRole(ChangeRoleCommand command) {
        return members.changeRole(command);
    }

    public Decision setLimit(SetMemberLimitCommand command) {
        return members.setLimit(command);
    }

    public Decision configureAutoTopUp(ConfigureAutoTopUpCommand command) {
        return autoTopUp.configureAutoTopUp(command);
    }

    public Decision consume(ConsumeCreditsCommand command) {
        return consumption.consume(command);
    }

    /** Spends {@code credits} of {@code team}'s pool for {@code member}; {@code requestId} may be null. */
    public Decision consume(String team, String member, long credits, String requestId) {
        return consume(new ConsumeCreditsCommand(TeamId.of(team), MemberId.of(member), credits,
                RequestId.ofNullable(requestId)));
    }

    /**
     * Holds credits for a long piece of work, decided like a consumption of the same amount: held credits leave the
     * balance and count in the member's usage until the reservation is settled or released, or until it expires
     * (then it releases itself). The command's request id names the reservation.
     */
    public Decision reserve(ReserveCreditsCommand command) {
        return reservations.reserve(command);
    }

    /**
     * Holds {@code credits} of {@code team}'s pool for {@code member} as reservation {@code reservation} (also the
     * request id) for {@code holdFor} (null: 15 minutes; at most 24 hours).
     */
    public Decision reserve(String team, String member, long credits, Duration holdFor, String reservation) {
        return reserve(new ReserveCreditsCommand(TeamId.of(team), MemberId.of(member), credits, holdFor,
                RequestId.of(reservation)));
    }

    /** Spends the real cost out of a reservation (at most what it holds) and gives the rest back to the pool. */
    public Decision settle(SettleReservationCommand command) {
        return settlements.settle(command);
    }

    /**
     * {@code member} (who reserved, the owner or an admin) settles {@code reservation} at {@code credits};
     * {@code requestId} may be null.
     */
    public Decision settle(String team, String member, String reservation, long credits, String requestId) {
        return settle(new SettleReservationCommand(TeamId.of(team), MemberId.of(member), RequestId.of(reservation),
                credits, RequestId.ofNullable(requestId)));
    }

    /** Gives everything a reservation holds back to the pool. */
    public Decision release(ReleaseReservationCommand command) {
        return settlements.release(command);
    }

    /** {@code member} (who reserved, the owner or an admin) releases {@code reservation}; {@code requestId} may be null. */
    public Decision release(String team, String member, String reservation, String requestId) {
        return release(new ReleaseReservationCommand(TeamId.of(team), MemberId.of(member), RequestId.of(reservation),
                RequestId.ofNullable(requestId)));
    }

    public Decision buyTopUp(BuyTopUpCommand command) {
        return topUps.buyTopUp(command);
    }

    /**
     * Finishes the top-ups a stop left half done (recorded but not charged, or charged without an answer): each is
     * charged again with its own idempotency key and granted once if paid. Call it when the host product starts;
     * safe at any time and from several instances.
     */
    public RecoverPurchasesUseCase.Recovery recoverPurchases() {
        return injector.getInstance(RecoverPurchasesUseCase.class).recoverPurchases();
    }

    public Optional<TeamMetrics> metrics(TeamId team) {
        return queries.metrics(team);
    }

    public List<LedgerEntry> ledger(TeamId team) {
        return queries.ledger(team);
    }

    /** What is wrong with the team's guarantees; empty when they all hold. */
    public List<String> audit(TeamId team) {
        return queries.audit(team);
    }

    /**
     * Calls {@code listener} with every event from now on: top-ups paid or declined, auto top-up paused, the pool
     * running low. Called after the change is stored, on the thread of the command that made it.
     */
    public void subscribe(Consumer<CreditEvent> listener) {
        injector.getInstance(InMemoryEventLog.class).subscribe(listener);
    }

    /** Closes the store's connections, if it has any. */
    @Override
    public void close() {
        CreditStore store = injector.getInstance(CreditStore.class);
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the store", e);
            }
        }
    }

    /** A part of the wiring, for tools and tests (the sandbox gateway, the plan table). */
    public <T> T component(Class<T> type) {
        return injector.getInstance(type);
    }

    /** Chooses the parts: clock, payment plugin, rules folder, plan table, extra plans, Guice overrides. */
    public static final class Builder {
        private Clock clock;
        private PaymentGateway payments;
        private RuleSource rules;
        private Path planTable;
        private StoreSettings store;
        private final List<Plan> extraPlans = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();

        private Builder() {
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder payments(PaymentGateway value) {
            this.payments = value;
            return this;
        }

        /** Use every {@code *.drl} in {@code folder} instead of the configured or shipped rules. */
        public Builder rules(Path folder) {
            this.rules = RuleSource.folder(folder);
            return this;
        }

        /** Keep teams in this store instead of the one the settings name. */
        public Builder store(StoreSettings value) {
            this.store = value;
            return this;
        }

        /** Use this CSV plan table instead of the configured or shipped one. */
        public Builder planTable(Path csv) {
            this.planTable = csv;
            return this;
        }

        /** Adds plans to the table, or replaces the plans of the same name. */
        public Builder plans(Collection<Plan> plans) {
            this.extraPlans.addAll(plans);
            return this;
        }

        /** Guice modules whose bindings replace the standard ones (a store, an event sink). */
        public Builder override(Module... modules) {
            this.overrides.addAll(List.of(modules));
            return this;
        }

        public Creditpool build() {
            // rules and plan table given here win; else the configured rules folder's (creditpool.rules), else
            // the shipped ones
            PlanTable table = (planTable == null ? RulesSettings.planTable() : PlanTable.file(planTable))
                    .with(extraPlans);
            StoreSettings chosen = store != null ? store : StoreSettings.configured().orElse(StoreSettings.MEMORY);
            Module standard = new CreditpoolModule(rules == null ? RulesSettings.ruleSource() : rules, table,
                    payments, clock, chosen);
            return new Creditpool(Guice.createInjector(Modules.override(standard).with(overrides)));
        }
    }
}
