package io.creditpool.adapters.cli;

import io.creditpool.Creditpool;
import io.creditpool.adapters.jdbc.JdbcApiKeys;
import io.creditpool.adapters.jdbc.JdbcCreditStore;
import io.creditpool.adapters.jdbc.TestDatabases;
import io.creditpool.adapters.keys.ApiKeys;
import io.creditpool.adapters.store.StoreSettings;
import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.DenialCode;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.CreateTeamCommand;
import io.creditpool.kernel.port.out.CreditStore;
import io.creditpool.kernel.port.out.TeamRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./creditpool store copy}: an H2 store (the default before SQLite) moved into SQLite, and a SQLite store into
 * PostgreSQL, keep every team, ledger entry, request id, API key and the installation id, and audit clean; a request
 * replayed on the copy answers its first decision and applies nothing twice. A copy into a store that is not new, from
 * a store that is not there, or with a setting that is not a store, is refused and writes nothing.
 */
class StoreCopyCommandTest {
    private static final TeamId ACME = TeamId.of("acme");
    private static final TeamId GLOBEX = TeamId.of("globex");
    private static final MemberId OLIVIA = MemberId.of("olivia");

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    /** Two teams with consumptions (one denied), a top-up and an API key; answers the key. */
    private static String fill(StoreSettings store) {
        try (Creditpool pool = Creditpool.builder().store(store).synchronousPurchases().build()) {
            pool.createTeam(new CreateTeamCommand(ACME, "team", 2, OLIVIA, 1, RequestId.of("create-acme")));
            pool.createTeam(new CreateTeamCommand(GLOBEX, "team", 1, OLIVIA, 1, null));
            for (int i = 0; i < 20; i++) {
                assertThat(pool.consume(new ConsumeCreditsCommand(ACME, OLIVIA, 7, RequestId.of("gen-" + i)))
                        .accepted()).isTrue();
            }
            assertThat(pool.consume(new ConsumeCreditsCommand(GLOBEX, OLIVIA, 10_000, RequestId.of("too-much")))
                    .accepted()).isFalse();
            assertThat(pool.buyTopUp(new BuyTopUpCommand(ACME, OLIVIA, 100, RequestId.of("buy-1"))).accepted())
                    .isTrue();
            return new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class))
                    .create("shop", ApiKeys.Scope.PRODUCT).key();
        }
    }

    /** What a store holds, to compare a copy with its original. */
    private record Held(String installation, List<TeamId> teams, List<LedgerEntry> acme, List<LedgerEntry> globex,
            List<TeamRequest> acmeRequests, List<TeamRequest> globexRequests, long acmeBalance) {
    }

    private static Held held(StoreSettings store) {
        try (Creditpool pool = Creditpool.builder().store(store).synchronousPurchases().build()) {
            CreditStore teams = pool.component(CreditStore.class);
            return new Held(teams.installationId(), teams.teams(), pool.ledger(ACME), pool.ledger(GLOBEX),
                    pool.requests(ACME), pool.requests(GLOBEX), pool.metrics(ACME).orElseThrow().balance());
        }
    }

    @Test
    void anH2StoreMovedToSqliteAndOnToPostgresKeepsEverythingAndAuditsClean() {
        StoreSettings h2 = StoreSettings.h2(dir.resolve("data"));
        String key = fill(h2);
        Held original = held(h2);
        StoreSettings sqlite = StoreSettings.sqlite(dir.resolve("data").resolve(StoreSettings.SQLITE_FILE));

        assertThat(cli.run("store", "copy", "--from", h2.setting(), "--to", sqlite.setting()))
                .as(cli.out + " " + cli.err).isZero();
        assertThat(cli.out.toString()).contains("2 team(s), " + (original.acme().size() + original.globex().size())
                + " ledger entries", "1 API key(s)",
                "2 team(s) audited in " + sqlite + ": every balance equals its ledger");
        Held copied = held(sqlite);
        assertThat(copied).isEqualTo(original);

        StoreSettings postgres = TestDatabases.postgres();
        assertThat(cli.run("store", "copy", "--from", sqlite.setting(), "--to", postgres.setting()))
                .as(cli.out + " " + cli.err).isZero();
        assertThat(held(postgres)).isEqualTo(original);

        try (Creditpool pool = Creditpool.builder().store(postgres).synchronousPurchases().build()) {
            Decision first = original.acmeRequests().stream().filter(r -> r.id().equals(RequestId.of("gen-3")))
                    .findFirst().orElseThrow().recorded().decision();
            Decision replayed = pool.consume(new ConsumeCreditsCommand(ACME, OLIVIA, 7, RequestId.of("gen-3")));
            assertThat(replayed).as("a replay on the copy answers the first decision").isEqualTo(first);
            assertThat(pool.metrics(ACME).orElseThrow().balance()).as("and applies nothing again")
                    .isEqualTo(original.acmeBalance());
            assertThat(pool.consume(new ConsumeCreditsCommand(ACME, OLIVIA, 8, RequestId.of("gen-3"))).denial())
                    .as("the same id with other content").isEqualTo(DenialCode.REQUEST_CONFLICT);
            assertThat(new JdbcApiKeys((JdbcCreditStore) pool.component(CreditStore.class)).holder(key))
                    .as("the original's API key works on the copy").isPresent();
            assertThat(pool.audit(ACME)).isEmpty();
        }
    }

    @Test
    void aCopyIntoAStoreThatIsNotNewIsRefusedAndWritesNothing() {
        StoreSettings h2 = StoreSettings.h2(dir.resolve("old"));
        fill(h2);
        StoreSettings sqlite = StoreSettings.sqlite(dir.resolve("new.db"));
        try (Creditpool pool = Creditpool.builder().store(sqlite).build()) {
            pool.createTeam(new CreateTeamCommand(TeamId.of("initech"), "team", 1, OLIVIA, 1, null));
        }
        assertThat(cli.run("store", "copy", "--from", h2.setting(), "--to", sqlite.setting()))
                .isEqualTo(CreditpoolCommand.FAILED);
        assertThat(cli.err.toString()).contains("is not new", "nothing was written");
        try (Creditpool pool = Creditpool.builder().store(sqlite).build()) {
            assertThat(pool.component(CreditStore.class).teams()).containsExactly(TeamId.of("initech"));
        }
    }

    @Test
    void aSourceThatIsNotThereOrASettingThatIsNotAStoreIsRefused() {
        Path missing = dir.resolve("nothing-here");
        assertThat(cli.run("store", "copy", "--from", "h2:" + missing, "--to", "sqlite:" + dir.resolve("x.db")))
                .isEqualTo(CreditpoolCommand.FAILED);
        assertThat(cli.err.toString()).contains("--from: there is no store at h2:" + missing);
        assertThat(Files.exists(dir.resolve("x.db"))).as("no store made").isFalse();

        assertThat(cli.run("store", "copy", "--from", "mysql:db", "--to", "sqlite:" + dir.resolve("x.db")))
                .isEqualTo(CreditpoolCommand.USAGE);
        assertThat(cli.err.toString()).contains("--from: 'mysql:db' is not a store");
        assertThat(cli.run("store", "copy", "--from", "memory", "--to", "sqlite:" + dir.resolve("x.db")))
                .isEqualTo(CreditpoolCommand.USAGE);
        assertThat(cli.run("store", "copy", "--to", "sqlite:" + dir.resolve("x.db")))
                .as("--from missing").isEqualTo(CreditpoolCommand.USAGE);
    }

    @Test
    void aFolderWithAnH2StoreKeepsOpeningAsH2AndAnyOtherFolderGetsSqlite() {
        Path folder = dir.resolve("data");
        assertThat(StoreSettings.inFolder(folder)).as("a new folder")
                .isEqualTo(StoreSettings.sqlite(folder.resolve("creditpool.db")));
        fill(StoreSettings.h2(folder));
        assertThat(StoreSettings.inFolder(folder)).as("an H2 store made before").isEqualTo(StoreSettings.h2(folder));
        assertThat(cli.run("store", "copy", "--from", "h2:" + folder, "--to", "sqlite:" + folder.resolve(
                "creditpool.db"))).as(cli.err.toString()).isZero();
        assertThat(StoreSettings.inFolder(folder)).as("once copied, the SQLite store")
                .isEqualTo(StoreSettings.sqlite(folder.resolve("creditpool.db")));
    }

    @Test
    void auditOfAStoreThatIsNotThereIsAnErrorNamingIt() {
        StoreSettings nowhere = StoreSettings.sqlite(dir.resolve("none").resolve("creditpool.db"));
        System.setProperty(StoreSettings.PROPERTY, nowhere.setting());
        try {
            assertThat(cli.run("audit")).isEqualTo(CreditpoolCommand.FAILED);
            assertThat(cli.err.toString()).contains("there is no store at " + nowhere, "nothing was read",
                    StoreSettings.PROPERTY);
            assertThat(cli.out.toString()).doesNotContain("audited");
            assertThat(Files.exists(dir.resolve("none"))).as("nothing made").isFalse();
        } finally {
            System.clearProperty(StoreSettings.PROPERTY);
        }
    }
}
