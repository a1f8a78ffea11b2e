package io.creditpool.example;

import io.creditpool.Creditpool;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host product that takes only {@code creditpool-embedded} and {@code creditpool-store-jdbc} (pinned by
 * {@code creditpool-bom}), as the README shows: it keeps its teams in H2 and spends credits, and nothing of the HTTP
 * service, the command line or the scenario runner comes with it.
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
