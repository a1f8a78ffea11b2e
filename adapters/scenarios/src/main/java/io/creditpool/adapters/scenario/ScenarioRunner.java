package io.creditpool.adapters.scenario;

import io.creditpool.Creditpool;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Money;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.CreditEvent;
import io.creditpool.kernel.service.KernelRules;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs a scenario against the whole wired Creditpool with a clock of its own and the sandbox processor, checks
 * every expectation, and after every step checks the guarantees (the audit). In process by default; or through the
 * HTTP API of a server in sandbox mode ({@link #overHttp}), with the same steps, checks and report.
 */
public final class ScenarioRunner {
    private final StoreSettings store;
    private final Function<Scenario, ScenarioWorld> worlds;

    /** A runner with the shipped rules and plan table, on the store the settings name (memory if none). */
    public ScenarioRunner() {
        this(b -> b);
    }

    /** A runner whose Creditpool is also set up by {@code setup} (another rules folder or plan table). */
    public ScenarioRunner(UnaryOperator<Creditpool.Builder> setup) {
        this(setup, StoreSettings.configured().orElse(StoreSettings.MEMORY));
    }

    /**
     * A runner on {@code store}. On a database each scenario gets a store of its own (a folder or a schema),
     * removed when the scenario is done, so scenarios never see each other's teams.
     */
    public ScenarioRunner(UnaryOperator<Creditpool.Builder> setup, StoreSettings store) {
        this(store, scenario -> InProcessWorld.open(scenario, setup, store));
    }

    private ScenarioRunner(StoreSettings store, Function<Scenario, ScenarioWorld> worlds) {
        this.store = store;
        this.worlds = worlds;
    }

    /**
     * A runner through the HTTP API of the server at {@code server}, which must be in sandbox mode
     * ({@code serve --sandbox}), with an API key of a host product. Each scenario's team is created there with a
     * test clock at the scenario's start, under an id made unique for the run; the server's plan table must hold the
     * scenario's plans.
     *
     * @throws ScenarioServerException when the server cannot be reached, refuses the key or is not in sandbox mode
     */
    public static ScenarioRunner overHttp(URI server, String apiKey) {
        HttpWorld.Server connection = HttpWorld.connect(server, apiKey);
        return new ScenarioRunner(null, scenario -> HttpWorld.open(connection, scenario));
    }

    /** The store each scenario's own store is made from; null for a runner over HTTP. */
    public StoreSettings store() {
        return store;
    }

    /**
     * What one step did and whether it met its expectations; {@code events} describes what the team's pool told
     * the host product during the step (see {@link #describe(CreditEvent)}).
     */
    public record StepOutcome(int number, Instant at, String description, Decision decision, long balance,
            List<String> failures, List<String> events, String error) {
        public StepOutcome {
            failures = List.copyOf(failures);
            events = List.copyOf(events);
        }

        /** A step whose command did not fail (it has a decision, or is not a command). */
        public StepOutcome(int number, Instant at, String description, Decision decision, long balance,
                List<String> failures, List<String> events) {
            this(number, at, description, decision, balance, failures, events, null);
        }

        /** A step that told nothing. */
        public StepOutcome(int number, Instant at, String description, Decision decision, long balance,
                List<String> failures) {
            this(number, at, description, decision, balance, failures, List.of());
        }
    }

    /** The events the scenario's team published, in order, with how far the timeline and the checks have read. */
    private static final class Heard {
        private final List<CreditEvent> events = new ArrayList<>();
        private int shown;
        private int checked;

        /** Takes in what the world's team told since the previous call. */
        synchronized void hear(ScenarioWorld world) {
            events.addAll(world.told());
        }

        /** The events since the previous call, for the timeline. */
        synchronized List<CreditEvent> sinceShown() {
            List<CreditEvent> fresh = List.copyOf(events.subList(shown, events.size()));
            shown = events.size();
            return fresh;
        }

        /** How many of the team's charges the previous check of {@code charged} had seen. */
        private int chargesChecked;

        /**
         * What the charges since the previous check of {@code charged} (or the start) took, in minor units, in
         * order; those are then checked.
         */
        synchronized List<Long> chargedSinceChecked(ScenarioWorld world) {
            List<Long> all = world.charged();
            List<Long> fresh = List.copyOf(all.subList(Math.min(chargesChecked, all.size()), all.size()));
            chargesChecked = all.size();
            return fresh;
        }

        /** The events since the previous check of events (or the start). */
        synchronized List<CreditEvent> sinceChecked() {
            List<CreditEvent> fresh = List.copyOf(events.subList(checked, events.size()));
            checked = events.size();
            return fresh;
        }
    }

    /** What a scenario did; {@code end} is the team's workspace metrics after the last step (null: no team). */
    public record Result(Scenario scenario, StepOutcome creation, List<StepOutcome> steps, TeamMetrics end) {
        public List<String> failures() {
            List<String> all = new ArrayList<>();
            creation.failures().forEach(f -> all.add("team: " + f));
            steps.forEach(s -> s.failures().forEach(f -> all.add("step " + s.number() + " (" + s.description()
                    + "): " + f)));
            return all;
        }

        public boolean passed() {
            return failures().isEmpty();
        }
    }

    public Result run(Path file) {
        return run(ScenarioParser.parse(file));
    }

    public Result run(Scenario scenario) {
        return run(scenario, (outcome, world) -> { });
    }

    /** Watches a scenario run: called after each step (the team's creation is step 0), in the world it ran in. */
    @FunctionalInterface
    public interface StepObserver {
        void after(StepOutcome outcome, ScenarioWorld world);
    }

    /** Runs {@code scenario}, telling {@code observer} about each step as soon as it has run. */
    public Result run(Scenario scenario, StepObserver observer) {
        try (ScenarioWorld world = worlds.apply(scenario)) {
            return run(scenario, world, observer);
        }
    }

    private Result run(Scenario scenario, ScenarioWorld world, StepObserver observer) {
        Scenario.TeamSpec spec = scenario.team();
        Heard heard = new Heard();
        StepOutcome creation = createTeam(world, spec, heard);
        observer.after(creation, world);
        List<StepOutcome> outcomes = new ArrayList<>();
        if (!creation.failures().isEmpty()) {
            return new Result(scenario, creation, outcomes, null);
        }
        for (Step step : scenario.steps()) {
            StepOutcome outcome = run(world, step, heard);
            observer.after(outcome, world);
            outcomes.add(outcome);
        }
        return new Result(scenario, creation, outcomes, world.metrics().orElse(null));
    }

    private StepOutcome createTeam(ScenarioWorld world, Scenario.TeamSpec spec, Heard heard) {
        Instant at = world.now();
        String description = "team " + spec.id() + " on plan " + spec.plan() + " with " + spec.seats()
                + " seats, owner " + spec.owner();
        Decision decision;
        List<String> failures = new ArrayList<>();
        try {
            decision = decide(world, w -> w.createTeam(spec));
        } catch (IllegalStateException e) {
            failures.add("the team could not be created: " + e.getMessage());
            return new StepOutcome(0, at, description, null, balance(world), failures, told(world, heard),
                    e.getMessage());
        }
        if (decision.denied()) {
            failures.add("the team could not be created: " + decision);
        }
        return new StepOutcome(0, at, description, decision, balance(world), failures, told(world, heard));
    }

    private StepOutcome run(ScenarioWorld world, Step step, Heard heard) {
        if (step.charged() != null) {
            heard.chargedSinceChecked(world); // what this step charges is counted from here
        }
        Decision decision;
        String error = null;
        try {
            decision = decide(world, step.action());
        } catch (IllegalStateException e) {
            // the rules could not decide (a rule looped or threw) or decided what the kernel refuses: the command
            // failed and changed nothing; the step fails with the reason, and the scenario goes on
            decision = null;
            error = e.getMessage();
        }
        Instant at = world.now();
        List<String> failures = new ArrayList<>();
        if (error != null) {
            failures.add("the command failed: " + error);
        }
        if (decision != null) {
            if (step.expected() != null && !step.expected().matches(decision)) {
                failures.add("expected " + step.expected() + ", was " + decision);
            }
            for (String rule : step.because()) {
                if (!decision.rules().contains(rule)) {
                    failures.add("expected the decision to name the rule \"" + rule + "\", it named "
                            + decision.rules());
                }
            }
        }
        if (step.charged() != null) {
            charged(step.charged(), heard.chargedSinceChecked(world), "in this step").ifPresent(failures::add);
        }
        if (step.check() != null) {
            failures.addAll(check(world, step.check(), heard));
        }
        world.audit().forEach(wrong -> failures.add("guarantee broken: " + wrong));
        return new StepOutcome(step.number(), at, step.description(), decision, balance(world), failures,
                told(world, heard), error);
    }

    /** A failure when what was charged is not what the scenario says; {@code when}: this step, or since when. */
    private static java.util.Optional<String> charged(long expected, List<Long> charges, String when) {
        long total = charges.stream().mapToLong(Long::longValue).sum();
        if (total == expected) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("expected charged " + expected + " (minor units) " + when + ", was " + total
                + (charges.isEmpty() ? " (nothing was charged)" : charges.size() == 1 ? ""
                        : " (" + charges.size() + " charges: " + charges + ")"));
    }

    private static List<String> told(ScenarioWorld world, Heard heard) {
        heard.hear(world);
        return heard.sinceShown().stream().map(ScenarioRunner::describe).toList();
    }

    /**
     * An event in the scenario format's words, its type: top-up-succeeded, top-up-declined, top-up-pending,
     * top-up-recovered, auto-top-up-paused, low-balance, limit-approaching, limit-reached, group-cap-approaching,
     * group-cap-reached, pool-low, notice.
     */
    public static String word(CreditEvent event) {
        return event.type();
    }

    /** An event's word and what it says, for the timeline. */
    public static String describe(CreditEvent event) {
        String what;
        if (event instanceof CreditEvent.TopUpSucceeded e) {
            what = e.source().word() + " of " + e.credits() + " credits paid, " + money(e.price());
        } else if (event instanceof CreditEvent.TopUpFailed e) {
            what = e.source().word() + " of " + e.credits() + " credits, " + money(e.price()) + ": " + e.reason()
                    + "; " + e.owner() + " is told";
        } else if (event instanceof CreditEvent.AutoTopUpPaused e) {
            what = "after " + e.declines() + " declines in a row; " + e.owner() + " is told";
        } else if (event instanceof CreditEvent.LowBalance e) {
            what = e.balance() + " credits left, below " + e.level() + "; " + e.owner() + " is told";
        } else if (event instanceof CreditEvent.TopUpPending e) {
            what = e.source().word() + " of " + e.credits() + " credits, " + money(e.price()) + ": no answer yet ("
                    + e.reason() + "); charged again with the same key";
        } else if (event instanceof CreditEvent.TopUpRecovered e) {
            what = e.source().word() + " of " + e.credits() + " credits, " + money(e.price()) + ", left pending, "
                    + (e.granted() ? "paid and granted" : "found declined") + " after " + e.attempts()
                    + " charge(s) without an answer";
        } else if (event instanceof CreditEvent.LimitAlert e) {
            what = e.member() + " has used " + e.used() + " of " + (e.ownLimit() ? "the monthly limit they set, "
                    : "a monthly limit of ") + e.limit() + ": " + e.percent() + "%";
        } else if (event instanceof CreditEvent.GroupCapAlert e) {
            what = "group " + e.group() + " has used " + e.used() + " of its monthly cap of " + e.cap() + ": "
                    + e.percent() + "%, as " + e.member() + " spent";
        } else if (event instanceof CreditEvent.PoolLow e) {
            what = e.balance() + " credits left, " + e.percent() + "% of the monthly plan credits or less ("
                    + e.level() + "); " + e.owner() + " is told";
        } else if (event instanceof CreditEvent.Notice e) {
            what = e.code() + ": " + e.message();
        } else {
            what = event.toString();
        }
        return word(event) + " (" + what + ")";
    }

    /** An amount in minor units as people read it: 900 USD cents as 9.00 USD. */
    private static String money(Money money) {
        int digits;
        try {
            digits = Currency.getInstance(money.currency()).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            digits = -1;
        }
        return digits < 0 ? money.toString()
                : BigDecimal.valueOf(money.minorUnits(), digits).toPlainString() + " " + money.currency();
    }

    /** Runs a command; bad input a host product could send becomes the {@code invalid-input} denial it gets. */
    private static Decision decide(ScenarioWorld world, Step.Action action) {
        try {
            return action.run(world);
        } catch (InvalidInputException e) {
            return Decision.deny(DenialCode.INVALID_INPUT, e.getMessage(), List.of(KernelRules.WELL_FORMED),
                    balance(world));
        }
    }

    private static long balance(ScenarioWorld world) {
        return world.metrics().map(TeamMetrics::balance).orElse(0L);
    }

    private static List<String> check(ScenarioWorld world, Step.StateCheck check, Heard heard) {
        List<String> failures = new ArrayList<>();
        TeamMetrics m = world.metrics().orElseThrow();
        for (Map.Entry<String, Long> e : check.figures().entrySet()) {
            long actual = switch (e.getKey()) {
                case "balance" -> m.balance();
                case "plan-credits" -> m.planCredits();
                case "top-up-credits" -> m.topUpCredits();
                case "seats-available" -> m.seatsAvailable();
                case "top-ups" -> m.topUps();
                case "charges" -> m.charges();
                case "held" -> m.held();
                // what the processor took, whether or not Creditpool has heard its answer yet
                case "paid" -> world.paid();
                default -> throw new IllegalStateException(e.getKey());
            };
            if (actual != e.getValue()) {
                failures.add("expected " + e.getKey() + " " + e.getValue() + ", was " + actual);
            }
        }
        for (Map.Entry<String, Long> e : check.usage().entrySet()) {
            TeamMetrics.MemberUsage usage = m.member(MemberId.of(e.getKey()));
            if (usage == null) {
                failures.add("expected usage of " + e.getKey() + " " + e.getValue() + ", but " + e.getKey()
                        + " is not a member now");
            } else if (usage.usageThisMonth() != e.getValue()) {
                failures.add("expected usage of " + e.getKey() + " " + e.getValue() + ", was "
                        + usage.usageThisMonth());
            }
        }
        failures.addAll(checkMembers(m, check.members()));
        if (check.autoTopUp() != null) {
            AutoTopUp auto = m.autoTopUp();
            String actual = !auto.enabled() ? "off" : auto.paused() ? "paused" : "on";
            if (!actual.equals(check.autoTopUp())) {
                failures.add("expected auto-top-up " + check.autoTopUp() + ", was " + actual);
            }
        }
        if (check.charged() != null) {
            charged(check.charged(), heard.chargedSinceChecked(world), "since the previous check of charged")
                    .ifPresent(failures::add);
        }
        if (check.events() != null) {
            heard.hear(world);
            List<String> actual = heard.sinceChecked().stream().map(ScenarioRunner::word).toList();
            if (!actual.equals(check.events())) {
                failures.add("expected events " + check.events() + " since the previous check of events, were "
                        + actual);
            }
        }
        return failures;
    }

    /** The checks of groups, limits, own limits, groups of members and what members can spend. */
    private static List<String> checkMembers(TeamMetrics m, Step.Members expected) {
        List<String> failures = new ArrayList<>();
        expected.groups().forEach((id, c) -> {
            TeamMetrics.GroupUsage g = m.group(io.creditpool.kernel.domain.GroupId.of(id));
            if (!c.exists()) {
                if (g != null) {
                    failures.add("expected no group " + id + ", but the team has it");
                }
                return;
            }
            if (g == null) {
                failures.add("expected group " + id + ", but the team has no group " + id);
                return;
            }
            if (c.usage() != null && c.usage() != g.usageThisMonth()) {
                failures.add("expected usage of group " + id + " " + c.usage() + ", was " + g.usageThisMonth());
            }
            if (c.cap() != null && !c.cap().equals(g.cap().toString())) {
                failures.add("expected cap of group " + id + " " + c.cap() + ", was " + g.cap());
            }
            String left = g.left().isPresent() ? Long.toString(g.left().getAsLong()) : "unlimited";
            if (c.left() != null && !c.left().equals(left)) {
                failures.add("expected group " + id + " to have " + c.left() + " left, was " + left);
            }
            if (c.name() != null && !c.name().equals(g.name())) {
                failures.add("expected group " + id + " named '" + c.name() + "', was '" + g.name() + "'");
            }
            if (c.members() != null && c.members() != g.members()) {
                failures.add("expected " + c.members() + " members in group " + id + ", were " + g.members());
            }
        });
        expected.spendable().forEach((member, c) -> {
            TeamMetrics.MemberUsage u = m.member(MemberId.of(member));
            if (u == null || u.spendable() == null) {
                failures.add("expected " + member + " to be able to spend " + c.credits() + ", but " + member
                        + " is not a member now");
                return;
            }
            if (u.spendable().credits() != c.credits()
                    || (c.by() != null && !c.by().equals(u.spendable().bound().word()))) {
                failures.add("expected " + member + " to be able to spend " + c.credits()
                        + (c.by() == null ? "" : " (" + c.by() + ")") + ", was " + u.spendable().credits() + " ("
                        + u.spendable().bound().word() + ")");
            }
        });
        expected.limits().forEach((member, limit) -> limitCheck(m, member, "limit", limit, false, failures));
        expected.ownLimits().forEach((member, limit) -> limitCheck(m, member, "own limit", limit, true, failures));
        expected.groupOf().forEach((member, group) -> {
            TeamMetrics.MemberUsage u = m.member(MemberId.of(member));
            String actual = u == null ? null : u.group() == null ? "none" : u.group().value();
            if (u == null) {
                failures.add("expected " + member + " in " + group + ", but " + member + " is not a member now");
            } else if (!actual.equals(group)) {
                failures.add("expected " + member + " in group " + group + ", was in " + actual);
            }
        });
        return failures;
    }

    private static void limitCheck(TeamMetrics m, String member, String what, String expected, boolean own,
            List<String> failures) {
        TeamMetrics.MemberUsage u = m.member(MemberId.of(member));
        if (u == null) {
            failures.add("expected " + what + " of " + member + " " + expected + ", but " + member
                    + " is not a member now");
            return;
        }
        String actual = (own ? u.ownLimit() : u.limit()).toString();
        if (!actual.equals(expected)) {
            failures.add("expected " + what + " of " + member + " " + expected + ", was " + actual);
        }
    }
}
