package io.creditpool.benchmarks;

import com.google.inject.AbstractModule;
import io.creditpool.Creditpool;
import io.creditpool.adapters.clock.ManualClock;
import io.creditpool.kernel.domain.AutoTopUp;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.Tier;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.ConsumptionFacts;
import io.creditpool.kernel.port.out.ConsumptionVerdict;
import io.creditpool.kernel.port.out.CreditPolicy;
import io.creditpool.rules.DroolsCreditPolicy;
import io.creditpool.rules.RuleBase;
import io.creditpool.rules.RuleSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One consumption decision, four ways: the policy alone (Drools, plain Java) and a whole {@code consume} through
 * the wired kernel with the in-memory store (Drools rules, or the plain-Java policy bound in their place).
 * Run with {@code mvn -B -q -Pbenchmarks -pl acceptance-tests -am verify -DskipTests} (see the README).
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
public class ConsumptionBenchmark {
    /** Big enough that a run never empties the pool: 1,000 seats of 10^9 credits each, per cycle. */
    static final Plan BENCH_PLAN = new Plan("bench", Tier.ENTERPRISE, 1_000_000_000L, 1, "USD");
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final MemberId OWNER = MemberId.of("olivia");

    /** What the kernel hands the policy for the wired benchmarks' consumption: 1 credit, a full pool, no limit. */
    static final ConsumptionFacts FACTS = new ConsumptionFacts(Tier.ENTERPRISE, 1, 1_000_000_000_000L, 12_345,
            MemberLimit.UNLIMITED, AutoTopUp.OFF);

    @State(Scope.Benchmark)
    public static class Policies {
        CreditPolicy drools;
        CreditPolicy plain;

        @Setup(Level.Trial)
        public void setUp() {
            drools = new DroolsCreditPolicy(RuleBase.of(RuleSource.shipped()));
            plain = new PlainJavaCreditPolicy();
            check(drools.consumption(FACTS), plain.consumption(FACTS));
        }

        private static void check(ConsumptionVerdict a, ConsumptionVerdict b) {
            if (!a.equals(b) || !a.verdict().accepted()) {
                throw new IllegalStateException("the policies disagree or deny: " + a + " / " + b);
            }
        }
    }

    /** A wired Creditpool with one team on the bench plan; rebuilt each iteration so the ledger stays bounded. */
    public abstract static class Wired {
        Creditpool pool;
        ConsumeCreditsCommand command;

        abstract Creditpool.Builder wiring(Creditpool.Builder builder);

        @Setup(Level.Iteration)
        public void setUp() {
            pool = wiring(Creditpool.builder().clock(new ManualClock(START)).plans(List.of(BENCH_PLAN))).build();
            TeamId team = TeamId.of("bench");
            Decision created = pool.createTeam(new CreateTeamCommand(team, BENCH_PLAN.name(), 1_000, OWNER, 1, null));
            if (!created.accepted()) {
                throw new IllegalStateException("the bench team was not created: " + created);
            }
            command = new ConsumeCreditsCommand(team, OWNER, 1, null);
            Decision first = pool.consume(command);
            if (!first.accepted()) {
                throw new IllegalStateException("the bench consumption was denied: " + first);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class WiredDrools extends Wired {
        @Override
        Creditpool.Builder wiring(Creditpool.Builder builder) {
            return builder;
        }
    }

    @State(Scope.Benchmark)
    public static class WiredPlainJava extends Wired {
        @Override
        Creditpool.Builder wiring(Creditpool.Builder builder) {
            return builder.override(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(CreditPolicy.class).to(PlainJavaCreditPolicy.class);
                }
            });
        }
    }

    /** (a) The policy decision alone, by the DRL files through Drools. */
    @Benchmark
    public ConsumptionVerdict policyDrools(Policies p) {
        return p.drools.consumption(FACTS);
    }

    /** (b) The same decision in plain Java: the baseline. */
    @Benchmark
    public ConsumptionVerdict policyPlainJava(Policies p) {
        return p.plain.consumption(FACTS);
    }

    /** (c) A whole consumption through the wired kernel, in-memory store, Drools rules. */
    @Benchmark
    public Decision wiredDrools(WiredDrools w) {
        return w.pool.consume(w.command);
    }

    /** (d) The same with the plain-Java policy bound instead of the Drools one. */
    @Benchmark
    public Decision wiredPlainJava(WiredPlainJava w) {
        return w.pool.consume(w.command);
    }
}
