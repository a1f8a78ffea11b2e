package io.creditpool.adapters.cli;

import io.creditpool.adapters.store.StoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The teams {@code ./creditpool load} leaves behind, on its plan {@code load}, are read by audit and ledger export. */
class LoadThenOperateTest {
    private final Cli cli = new Cli();

    @AfterEach
    void forgetTheStore() {
        System.clearProperty(StoreSettings.PROPERTY);
    }

    @Test
    void auditAndLedgerExportReadTheTeamsLoadMade(@TempDir Path folder) {
        System.setProperty(StoreSettings.PROPERTY, "h2:" + folder.resolve("data"));
        assertThat(cli.run("load", "--teams", "2", "--callers", "2", "--seconds", "1")).as(cli.err.toString())
                .isZero();

        assertThat(cli.run("audit")).as(cli.out + " " + cli.err).isZero();
        assertThat(cli.out.toString()).contains("2 team(s) audited", "every balance equals its ledger");
        assertThat(cli.run("ledger", "export", "load-0")).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("load-0", "plan: load");
    }
}
