package io.creditpool.adapters.jdbc;

import io.creditpool.adapters.store.StoreSettings;

import io.creditpool.Creditpool;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable front in a JVM of its own, on H2 in file mode and on PostgreSQL, killed with SIGKILL in the middle of
 * a load of consumptions and top-ups, then restarted: every request it answered as accepted is in the ledger,
 * nothing is in the ledger twice, and every balance equals its ledger's sum.
 */
class CrashTest {
    private static final int ANSWERS_BEFORE_THE_KILL = 400;

    private static Process front(StoreSettings store, int seconds) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + StoreSettings.PROPERTY + "=" + storeValue(store), "io.creditpool.adapters.cli.CreditpoolCommand",
                "load", "--teams", "3", "--callers", "4", "--seconds", Integer.toString(seconds),
                "--top-up-every", "5", "--print", "--prefix", "crash");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    private static String storeValue(StoreSettings store) {
        return store.setting();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "h2", "postgres"})
    void aFrontKilledMidLoadLosesNoAcceptedRequestAndDuplicatesNothing(String kind) throws Exception {
        StoreSettings store = TestDatabases.of(kind);
        JdbcCreditStore.open(store).close();     // the schema exists before the front starts

        Map<String, String> accepted = new HashMap<>();   // request id -> kind, answered as accepted
        Process front = front(store, 120);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(front.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (accepted.size() < ANSWERS_BEFORE_THE_KILL && (line = lines.readLine()) != null) {
                String[] words = line.split(" ");
                if (words.length == 4 && words[3].equals("accepted")) {
                    accepted.put(words[2], words[0] + " " + words[1]);
                }
            }
            front.destroyForcibly();                     // SIGKILL, mid-load
            assertThat(front.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(accepted).as("answers read before the kill").hasSize(ANSWERS_BEFORE_THE_KILL);

        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(
                io.creditpool.adapters.cli.LoadCommandPlans.LOAD_PLAN)).build()) {
            List<TeamId> teams = pool.component(CreditStore.class).teams();
            assertThat(teams).hasSize(3);
            Set<String> consumed = new HashSet<>();
            List<String> twice = new ArrayList<>();
            for (TeamId team : teams) {
                for (LedgerEntry e : pool.ledger(team)) {
                    if (e instanceof LedgerEntry.CreditsConsumed c && c.requestId() != null
                            && !consumed.add(c.requestId().value())) {
                        twice.add(c.requestId().value());
                    }
                }
            }
            assertThat(twice).as("consumptions in the ledger twice").isEmpty();
            accepted.forEach((id, what) -> {
                if (what.startsWith("consume")) {
                    assertThat(consumed).as("accepted consumption " + id + " in the ledger").contains(id);
                }
            });
            for (Map.Entry<String, String> a : accepted.entrySet()) {
                if (a.getValue().startsWith("top-up")) {
                    TeamId team = TeamId.of(a.getValue().split(" ")[1]);
                    long before = pool.metrics(team).orElseThrow().balance();
                    Decision replay = pool.buyTopUp(new BuyTopUpCommand(team, MemberId.of("owner"), 10,
                            RequestId.of(a.getKey())));
                    assertThat(replay.accepted()).as("accepted top-up " + a.getKey() + " replayed").isTrue();
                    assertThat(pool.metrics(team).orElseThrow().balance()).as("a replay grants nothing more")
                            .isEqualTo(before);
                }
            }
            for (TeamId team : teams) {
                assertThat(pool.audit(team)).as("audit of " + team).isEmpty();
            }
            assertThat(((JdbcCreditStore) pool.component(CreditStore.class)).ledgerMismatches()).isEmpty();
        }

        Process restarted = front(store, 2);
        restarted.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(restarted.exitValue()).as("the restarted front runs on the same store").isZero();
        try (Creditpool pool = Creditpool.builder().store(store).plans(List.of(
                io.creditpool.adapters.cli.LoadCommandPlans.LOAD_PLAN)).build()) {
            for (TeamId team : pool.component(CreditStore.class).teams()) {
                assertThat(pool.audit(team)).as("audit of " + team + " after the restart").isEmpty();
            }
            ((JdbcCreditStore) pool.component(CreditStore.class)).closeAndDiscard();
        }
    }
}
