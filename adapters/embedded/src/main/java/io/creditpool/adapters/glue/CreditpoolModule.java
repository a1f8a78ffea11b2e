package io.creditpool.adapters.glue;

import com.google.inject.AbstractModule;
import io.creditpool.adapters.payments.PurchaseWorker;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.port.out.Clock;
import io.creditpool.kernel.port.out.PaymentGateway;
import io.creditpool.rules.LiveRules;
import io.creditpool.rules.PlanTable;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSet;
import io.creditpool.rules.RuleSource;

/** The whole of Creditpool: a table of contents of the area modules, each step overridable on its own. */
public class CreditpoolModule extends AbstractModule {
    private final LiveRules rules;
    private final PaymentGateway payments;
    private final Clock clock;
    private final StoreSettings store;
    private final PurchaseWorker.Settings workers;

    /** {@code payments} and {@code clock} may be null: the sandbox and the wall clock. */
    public CreditpoolModule(RuleSource rules, PlanTable plans, PaymentGateway payments, Clock clock,
            StoreSettings store) {
        this(new LiveRules(RuleSet.of(RuleBase.of(rules), plans)), payments, clock, store);
    }

    /** Runs the live rule set {@code rules}, which a reload may swap while Creditpool runs. */
    public CreditpoolModule(LiveRules rules, PaymentGateway payments, Clock clock, StoreSettings store) {
        this(rules, payments, clock, store, PurchaseWorker.Settings.configured());
    }

    /** As above, with the purchase workers' settings given rather than read from the configuration. */
    public CreditpoolModule(LiveRules rules, PaymentGateway payments, Clock clock, StoreSettings store,
            PurchaseWorker.Settings workers) {
        this.rules = rules;
        this.payments = payments;
        this.clock = clock;
        this.store = store;
        this.workers = workers;
    }

    @Override
    protected final void configure() {
        installKernel();
        installRules();
        installStorage();
        installPayments();
        installWorkers();
        installEvents();
        installClock();
    }

    protected void installKernel() {
        install(new KernelModule());
    }

    protected void installRules() {
        install(new RulesModule(rules));
    }

    protected void installStorage() {
        install(new StorageModule(store));
    }

    protected void installPayments() {
        install(new PaymentsModule(payments));
    }

    protected void installWorkers() {
        install(new WorkersModule(workers));
    }

    protected void installEvents() {
        install(new EventsModule());
    }

    protected void installClock() {
        install(new ClockModule(clock));
    }
}
