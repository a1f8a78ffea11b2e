package io.creditpool;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.creditpool.adapters.events.InMemoryEventLog;
import io.creditpool.adapters.events.OutboxRelay;
import io.creditpool.adapters.glue.CreditpoolModule;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.store.StoreSettings;
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
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.ManageGroupsUseCase;
import io.creditpool.kernel.port.in.ManageMembersUseCase;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.SetOwnLimitUseCase;
import io.creditpool.kernel.port.in.RecoverPurchasesUseCase;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.ReserveCreditsUseCase;
import io.creditpool.kernel.port.in.SettleReservationCommand;
import io.creditpool.kernel.port.in.SettlePurchasesUseCase;
import io.creditpool.kernel.port.in.SettleReservationUseCase;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.LedgerPage;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.in.TeamQueries;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.StoredEvent;
import io.creditpool.kernel.port.out.TeamRequest;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.rules.LiveRules;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSet;
import io.creditpool.rules.RuleSource;
import io.creditpool.rules.RulesSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Creditpool embedded in a host product: team credit pools behind one object. Every command answers with a
 * {@link Decision}; bad input throws {@link io.creditpool.kernel.domain.InvalidInputException} naming the field,
 * and changes nothing.
 *
 * <pre>{@code
 * try (Creditpool pool = Creditpool.embedded()) {
 *     pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"));
 *     TeamHandle acme = pool.team("acme");
 *     acme.as("olivia").invite("alice", Role.MEMBER);
 *     Decision d = acme.as("alice").requestId("gen-1").consume(120);
 *     long left = acme.balance();
 * }
 * }</pre>
 *
 * <p>{@link #teams()} and {@link #team(String)} are a layer of names over the command records that this class's
 * methods take ({@code pool.createTeam(new CreateTeamCommand(...))}, {@code pool.consume(...)}): each of their calls
 * builds the record and calls the method here, so both are decided alike, and either may be used.
 */
public final class Creditpool implements AutoCloseable {
    private final Injector injector;
    private final CreateTeamUseCase teams;
    private final ManageMembersUseCase members;
    private final SetOwnLimitUseCase ownLimits;
    private final ManageGroupsUseCase groups;
    private final ConfigureAutoTopUpUseCase autoTopUp;
    private final ConsumeCreditsUseCase consumption;
    private final BuyTopUpUseCase topUps;
    private final ReserveCreditsUseCase reservations;
    private final SettleReservationUseCase settlements;
    private final TeamQueries queries;
    /** Every command runs within one rule set from start to end ({@link LiveRules#within}), whatever a reload swaps. */
    private final LiveRules rules;
    /** Null when the rules are not read from a folder. */
    private final RulesReloader reloader;
    /** Null unless the rules folder is watched. */
    private final RulesWatcher watcher;
    /** The threads that charge top-ups off the request path. */
    private final PurchaseWorker purchaseWorker;

    private Creditpool(Injector injector, RulesReloader reloader, boolean watch) {
        this.injector = injector;
        this.rules = injector.getInstance(LiveRules.class);
        this.reloader = reloader;
        this.teams = injector.getInstance(CreateTeamUseCase.class);
        this.members = injector.getInstance(ManageMembersUseCase.class);
        this.ownLimits = injector.getInstance(SetOwnLimitUseCase.class);
        this.groups = injector.getInstance(ManageGroupsUseCase.class);
        this.autoTopUp = injector.getInstance(ConfigureAutoTopUpUseCase.class);
        this.consumption = injector.getInstance(ConsumeCreditsUseCase.class);
        this.topUps = injector.getInstance(BuyTopUpUseCase.class);
        this.reservations = injector.getInstance(ReserveCreditsUseCase.class);
        this.settlements = injector.getInstance(SettleReservationUseCase.class);
        this.queries = injector.getInstance(TeamQueries.class);
        // from here on, events committed to the outbox are handed to the listeners
        injector.getInstance(OutboxRelay.class);
        this.watcher = watch && reloader != null
                ? RulesWatcher.start(reloader.folder(), reloader::reload, RulesWatcher.INTERVAL) : null;
        this.purchaseWorker = injector.getInstance(PurchaseWorker.class);
        purchaseWorker.start();
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

    /** Creating teams: {@code pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"))}. */
    public Teams teams() {
        return new Teams(this);
    }

    /**
     * The team {@code team}, to read and to act in: {@code pool.team("acme").as("alice").consume(120)}. Checks the id
     * only; see {@link TeamHandle}.
     *
     * @throws io.creditpool.kernel.domain.InvalidInputException {@code team} for a missing or malformed id
     */
    public TeamHandle team(String team) {
        return new TeamHandle(this, TeamId.of(team));
    }

    public Decision createTeam(CreateTeamCommand command) {
        return rules.within(() -> teams.createTeam(command));
    }

    public Decision invite(InviteMemberCommand command) {
        return rules.within(() -> members.invite(command));
    }

    public Decision remove(RemoveMemberCommand command) {
        return rules.within(() -> members.remove(command));
    }

    public Decision changeRole(ChangeRoleCommand command) {
        return rules.within(() -> members.changeRole(command));
    }

    public Decision setLimit(SetMemberLimitCommand command) {
        return rules.within(() -> members.setLimit(command));
    }

    /**
     * A member lowers their own monthly limit (never above the one the owner or an admin set: that is
     * {@code invalid-input} naming {@code limit}), or lets go of it ({@code MemberLimit.UNLIMITED}). Both limits are
     * kept; the lower applies.
     */
    public Decision setOwnLimit(SetOwnLimitCommand command) {
        return rules.within(() -> ownLimits.setOwnLimit(command));
    }

    /** The owner or an admin makes a group (a department, a project) with a name and a monthly cap, or none. */
    public Decision createGroup(CreateGroupCommand command) {
        return rules.within(() -> groups.createGroup(command));
    }

    /** The owner or an admin renames a group, sets its monthly cap, or both. */
    public Decision changeGroup(ChangeGroupCommand command) {
        return rules.within(() -> groups.changeGroup(command));
    }

    /**
     * The owner or an admin deletes a group: its members are in no group from then on, and what it used this month
     * stays counted under its id until the month ends.
     */
    public Decision deleteGroup(DeleteGroupCommand command) {
        return rules.within(() -> groups.deleteGroup(command));
    }

    /**
     * The owner or an admin moves a member into a group (or into none), out of the one they were in; what the member
     * spent stays with the group it was spent in.
     */
    public Decision moveMember(MoveMemberCommand command) {
        return rules.within(() -> groups.moveMember(command));
    }

    public Decision configureAutoTopUp(ConfigureAutoTopUpCommand command) {
        return rules.within(() -> autoTopUp.configureAutoTopUp(command));
    }

    public Decision consume(ConsumeCreditsCommand command) {
        return rules.within(() -> consumption.consume(command));
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
        return rules.within(() -> reservations.reserve(command));
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
        return rules.within(() -> settlements.settle(command));
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
        return rules.within(() -> settlements.release(command));
    }

    /** {@code member} (who reserved, the owner or an admin) releases {@code reservation}; {@code requestId} may be null. */
    public Decision release(String team, String member, String reservation, String requestId) {
        return release(new ReleaseReservationCommand(TeamId.of(team), MemberId.of(member), RequestId.of(reservation),
                RequestId.ofNullable(requestId)));
    }

    /**
     * Buys a top-up for the team's owner: the purchase is recorded and charged by a purchase worker; this waits for
     * the charge up to {@code creditpool.payments.wait} (5 s unless set). It answers the outcome when it is known in
     * time, else {@code payment-pending}: the purchase completes in the background, and the same command with the
     * same request id answers its outcome once known (never charging again).
     */
    public Decision buyTopUp(BuyTopUpCommand command) {
        return rules.within(() -> topUps.buyTopUp(command));
    }

    /**
     * Settles, on the calling thread, every purchase due now (auto top-ups just ordered, manual ones not finished,
     * retries whose back-off has passed) that no worker holds: for tests and scenarios that want the outcome before
     * they look, and for hosts that run Creditpool without worker threads ({@code creditpool.payments.workers=0}).
     */
    public SettlePurchasesUseCase.Settlement settlePurchases() {
        return rules.within(() -> injector.getInstance(SettlePurchasesUseCase.class).settleDue());
    }

    /** Whether purchase worker threads charge in the background (false: {@link Builder#synchronousPurchases()}). */
    public boolean purchaseWorkersRunning() {
        return purchaseWorker.running();
    }

    /** The purchase workers' settings (threads, wait, poll, lease). */
    public PurchaseWorker.Settings purchaseWorkers() {
        return purchaseWorker.settings();
    }

    /**
     * Finishes the top-ups a stop left half done (recorded but not charged, or charged without an answer): each one
     * no worker holds is looked up at the processor (when tried before) and charged with its own idempotency key only
     * if it was not, and granted once if paid. Call it when the host product starts; safe at any time and from
     * several instances.
     */
    public RecoverPurchasesUseCase.Recovery recoverPurchases() {
        return rules.within(() -> injector.getInstance(RecoverPurchasesUseCase.class).recoverPurchases());
    }

    public Optional<TeamMetrics> metrics(TeamId team) {
        return rules.within(() -> queries.metrics(team));
    }

    public List<LedgerEntry> ledger(TeamId team) {
        return rules.within(() -> queries.ledger(team));
    }

    /**
     * The shares at which {@code team} is alerted on its plan (a member's limit and a group's cap in percent; the pool
     * in percent of the monthly plan credits left), as the rules set them now; empty for an unknown team.
     */
    public Optional<io.creditpool.kernel.port.out.AlertLevels> alertLevels(TeamId team) {
        return rules.within(() -> queries.alertLevels(team));
    }

    /**
     * At most {@code limit} (at least 1) of the newest entries of the team's ledger numbered below {@code before}
     * (null: the newest), oldest first, read without going through the rest of its history.
     */
    public LedgerPage ledgerPage(TeamId team, Long before, int limit) {
        return rules.within(() -> queries.ledgerPage(team, before, limit));
    }

    /**
     * The request ids {@code team}'s commands came with, each with its decision and when it was made, in that order:
     * what the team asked for, denied requests included (the ledger holds only what was done).
     */
    public List<TeamRequest> requests(TeamId team) {
        return component(CreditStore.class).requests(team);
    }

    /** What is wrong with the team's guarantees; empty when they all hold. */
    public List<String> audit(TeamId team) {
        return rules.within(() -> queries.audit(team));
    }

    /**
     * Calls {@code listener} with every event from now on: top-ups paid, declined, pending or recovered, auto top-up
     * paused, the pool running low. Each event is stored with its change (in the store's outbox) and handed on after
     * the change has committed, before the command that made it answers, a team's events in the order they were
     * committed; a listener that throws is logged and changes nothing. Listeners hear the events this object's
     * commands committed; to miss none across restarts or from other processes sharing the store, read
     * {@link #events(long, int)} from the last id you kept (events are delivered at least once: their id tells a
     * repeat).
     */
    public void subscribe(Consumer<CreditEvent> listener) {
        injector.getInstance(InMemoryEventLog.class).subscribe(listener);
    }

    /**
     * The outbox's events with an id greater than {@code after}, oldest first, at most {@code limit}: every event the
     * store kept, also those of earlier runs. Keep the last id you read and ask again from it.
     */
    public List<StoredEvent> events(long after, int limit) {
        if (after < 0) {
            throw new io.creditpool.kernel.domain.InvalidInputException("after", "must be 0 or more, was " + after);
        }
        if (limit < 1) {
            throw new io.creditpool.kernel.domain.InvalidInputException("limit", "must be 1 or more, was " + limit);
        }
        return component(CreditStore.class).events(after, limit, null);
    }

    /**
     * Reloads the rules from their folder (the builder's {@code rules(folder)}, else {@code creditpool.rules} /
     * {@code CREDITPOOL_RULES}) and the plan table: compiles them, checks them, runs the folder's
     * {@code scenarios/} on them, and only if all of that passes swaps them in, at once, for every decision that
     * starts afterwards; a decision already running finishes on the set it started with. Refused, the old set stays
     * live and the result says why. Runs on the calling thread; decisions never wait for it. With the rules shipped
     * with Creditpool there is nothing to reload.
     */
    public RulesReload reloadRules() {
        if (reloader == null) {
            String live = rulesVersion();
            return new RulesReload(RulesReload.Outcome.NOTHING_TO_RELOAD, live, live, null, List.of(), 0);
        }
        return reloader.reload();
    }

    /** The version of the live rule set: 12 hex digits naming the DRL files' and the plan table's contents. */
    public String rulesVersion() {
        return rules.current().version();
    }

    /** Whether the rules folder is watched, so that a change to its files is reloaded without a call. */
    public boolean watchingRules() {
        return watcher != null;
    }

    /** The live rule set: its rules, plan table, version, folder and when it was loaded. */
    public RuleSet ruleSet() {
        return rules.current();
    }

    /**
     * Stops watching the rules folder, if it is watched, stops the purchase workers (a charge under way may finish),
     * and closes the store's connections, if it has any.
     */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        purchaseWorker.close();
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
        private Path rulesFolder;
        private RuleSet ruleSet;
        private boolean watchRules;
        private Path planTable;
        private StoreSettings store;
        private RuleSetScenarios scenarios;
        private final List<Plan> extraPlans = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();
        private PurchaseWorker.Settings workers;

        private Builder() {
        }

        /**
         * The purchase workers' settings instead of the configured ones ({@code creditpool.payments.workers},
         * {@code .wait}, {@code .poll}, {@code .lease}).
         */
        public Builder purchaseWorkers(PurchaseWorker.Settings value) {
            this.workers = value;
            return this;
        }

        /**
         * No worker threads: a manual top-up is charged on the calling thread, and auto top-ups and retries wait for
         * {@link Creditpool#settlePurchases()}. For tests and scenarios that must be deterministic.
         */
        public Builder synchronousPurchases() {
            this.workers = PurchaseWorker.Settings.configured().withWorkers(0);
            return this;
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
            this.rulesFolder = folder;
            return this;
        }

        /** Run this already compiled rule set and its plan table (extra plans are still added); not reloadable. */
        public Builder ruleSet(RuleSet value) {
            this.ruleSet = value;
            return this;
        }

        /**
         * Watch the rules folder (the one given to {@link #rules(Path)}, else the configured one) and reload the rules
         * when its files change (see {@link Creditpool#reloadRules()}); no effect with the shipped rules.
         */
        public Builder watchRules(boolean value) {
            this.watchRules = value;
            return this;
        }

        /** Keep teams in this store instead of the one the settings name. */
        public Builder store(StoreSettings value) {
            this.store = value;
            return this;
        }

        /**
         * Run a rules folder's scenarios with this before a reload swaps a new set in, instead of the runner found on
         * the class path ({@link RuleSetScenarios#available()}).
         */
        public Builder scenarios(RuleSetScenarios value) {
            this.scenarios = value;
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
            StoreSettings chosen = store != null ? store : StoreSettings.configured().orElse(StoreSettings.MEMORY);
            LiveRules live;
            Path folder = null;
            Supplier<PlanTable> tables = null;
            if (ruleSet != null) {
                live = new LiveRules(RuleSet.of(ruleSet.rules(), ruleSet.plans().with(extraPlans)));
            } else {
                Path csv = planTable;
                List<Plan> extra = List.copyOf(extraPlans);
                // read again on every reload, so a change to the plan table is reloaded with the rules
                tables = () -> (csv == null ? RulesSettings.planTable() : PlanTable.file(csv)).with(extra);
                folder = rules != null ? rulesFolder : RulesSettings.configured().orElse(null);
                RuleSource source = rules != null ? rules
                        : folder != null ? RuleSource.folder(folder) : RuleSource.shipped();
                live = new LiveRules(RuleSet.of(RuleBase.of(source), tables.get()));
            }
            Module standard = new CreditpoolModule(live, payments, clock, chosen,
                    workers != null ? workers : PurchaseWorker.Settings.configured());
            Injector injector = Guice.createInjector(Modules.override(standard).with(overrides));
            RulesReloader reloader = folder == null ? null : new RulesReloader(live, folder, tables,
                    injector.getInstance(CreditStore.class)::anyTeamOnPlan,
                    scenarios != null ? scenarios : RuleSetScenarios.available());
            return new Creditpool(injector, reloader, watchRules);
        }
    }
}
