package io.creditpool.example;

import io.creditpool.AutoTopUpSettings;
import io.creditpool.Creditpool;
import io.creditpool.NewTeam;
import io.creditpool.TeamHandle;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host product that takes only {@code creditpool-embedded} and {@code creditpool-store-jdbc} (pinned by
 * {@code creditpool-bom}), as the README shows: it keeps its teams in H2 and spends credits, through the fluent API
 * and through the command records, and nothing of the HTTP service, the command line, the scenario runner or a
 * logging backend comes with it.
 */
class EmbeddingExampleTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final MemberId OLIVIA = MemberId.of("olivia");
    private static final MemberId ALICE = MemberId.of("alice");

    @Test
    void aHostProductSpendsCreditsOfATeamKeptInH2(@TempDir Path data) {
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(data)).build()) {
            pool.createTeam(new CreateTeamCommand(ACME, "team", 3, OLIVIA, 1, null));
            pool.invite(new InviteMemberCommand(ACME, OLIVIA, ALICE, Role.MEMBER, RequestId.of("inv-1")));
            pool.setLimit(new SetMemberLimitCommand(ACME, OLIVIA, ALICE, MemberLimit.of(300), null));
            long before = pool.metrics(ACME).orElseThrow().balance();

            Decision spent = pool.consume("acme", "alice", 120, "gen-1");
            Decision overLimit = pool.consume("acme", "alice", 200, "gen-2");

            assertThat(spent.accepted()).isTrue();
            assertThat(overLimit.denied()).isTrue();
            assertThat(overLimit.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
            assertThat(pool.metrics(ACME).orElseThrow().balance()).isEqualTo(before - 120);
            assertThat(pool.audit(ACME)).isEmpty();
        }
        // the same store opened again holds what was spent
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(data)).build()) {
            assertThat(pool.consume("acme", "alice", 120, "gen-1").accepted()).isTrue();
            assertThat(pool.ledger(ACME)).filteredOn(e -> e instanceof LedgerEntry.CreditsConsumed c
                    && c.requestId().equals(RequestId.of("gen-1"))).hasSize(1);
        }
    }

    @Test
    void aHostProductRunsItsTeamsThroughTheFluentApi(@TempDir Path data) {
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(data)).build()) {
            pool.teams().create(NewTeam.named("acme").plan("enterprise").seats(3).owner("olivia").requestId("t-1"));
            TeamHandle acme = pool.team("acme");
            acme.as("olivia").invite("alice", Role.MEMBER);
            acme.as("olivia").setLimit("alice", 300);
            long start = acme.balance();

            Decision invite = acme.as("alice").invite("bob", Role.MEMBER);
            Decision spent = acme.as("alice").requestId("gen-1").consume(120);
            Decision overLimit = acme.as("alice").consume(200);
            Decision reserved = acme.as("alice").reserve("job-7", 100);
            Decision settled = acme.as("alice").settle("job-7", 80);
            Decision bought = acme.as("olivia").requestId("buy-1").buyTopUp(1000);
            Decision auto = acme.as("olivia").configureAutoTopUp(AutoTopUpSettings.below(500).buy(1000));

            assertThat(invite.denial()).as("a member inviting").isEqualTo(DenialCode.NOT_ALLOWED);
            assertThat(List.of(spent, reserved, settled, bought, auto)).allMatch(Decision::accepted);
            assertThat(overLimit.denial()).isEqualTo(DenialCode.MEMBER_LIMIT);
            assertThat(acme.balance()).isEqualTo(start - 120 - 80 + 1000);
            assertThat(acme.summary().orElseThrow().member(ALICE).usageThisMonth()).isEqualTo(200);
            assertThat(acme.requests()).extracting(r -> r.id().value()).contains("gen-1", "job-7", "buy-1");
            assertThat(acme.audit()).isEmpty();
        }
        // the same store opened again: a replay of gen-1 answers its first decision and spends nothing more
        try (Creditpool pool = Creditpool.builder().store(StoreSettings.h2(data)).build()) {
            TeamHandle acme = pool.team("acme");
            long balance = acme.balance();
            assertThat(acme.as("alice").requestId("gen-1").consume(120).accepted()).isTrue();
            assertThat(acme.balance()).isEqualTo(balance);
        }
    }

    @Test
    void noLoggingBackendComesWithCreditpool() throws ClassNotFoundException {
        // SLF4J 2 finds a backend as a service provider, SLF4J 1 as a StaticLoggerBinder
        assertThat(ServiceLoader.load(org.slf4j.spi.SLF4JServiceProvider.class)).as("SLF4J providers").isEmpty();
        List<String> backends = List.of(
                "org.slf4j.impl.StaticLoggerBinder",                      // any SLF4J 1 binding
                "ch.qos.logback.classic.Logger",                          // logback-classic
                "org.slf4j.simple.SimpleLogger",                          // slf4j-simple
                "org.slf4j.nop.NOPServiceProvider",                       // slf4j-nop
                "org.slf4j.jul.JDK14LoggerAdapter",                       // slf4j-jdk14
                "org.slf4j.reload4j.Reload4jLoggerAdapter",               // slf4j-reload4j
                "org.apache.logging.slf4j.SLF4JServiceProvider",          // log4j-slf4j2-impl
                "org.apache.logging.slf4j.Log4jLoggerFactory",            // log4j-slf4j-impl
                "org.apache.logging.log4j.core.LoggerContext",            // log4j-core, a backend of the Log4j API
                "org.apache.log4j.Logger");                               // log4j 1 / reload4j
        for (String name : backends) {
            assertThat(loadable(name)).as(name + " on the embedding product's class path").isFalse();
        }
        // the Log4j API comes with Apache POI (Drools' decision tables), without a backend either
        Class<?> log4jProviders = Class.forName("org.apache.logging.log4j.spi.Provider");
        assertThat(ServiceLoader.load(log4jProviders)).as("Log4j API providers").isEmpty();
        assertThat(loadable("org.slf4j.LoggerFactory")).as("the SLF4J API Creditpool logs to").isTrue();
    }

    @Test
    void noHttpServerCommandLineOrScenarioRunnerIsOnTheClassPath() {
        List<String> absent = List.of(
                "io.javalin.Javalin",                                     // the HTTP service's server
                "org.eclipse.jetty.server.Server",
                "picocli.CommandLine",                                    // the command line
                "io.creditpool.adapters.cli.CreditpoolCommand",
                "io.creditpool.adapters.scenario.ScenarioRunner",         // the scenario runner
                "io.creditpool.adapters.http.HttpService",
                "com.github.tomakehurst.wiremock.WireMockServer",
                "io.creditpool.adapters.payments.http.HttpCardProcessor");
        for (String name : absent) {
            assertThat(loadable(name)).as(name + " on the embedding product's class path").isFalse();
        }
        // and what it asked for is there: the facade and the JDBC store
        assertThat(loadable("io.creditpool.Creditpool")).isTrue();
        assertThat(loadable("io.creditpool.adapters.jdbc.JdbcCreditStore")).isTrue();
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, EmbeddingExampleTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
