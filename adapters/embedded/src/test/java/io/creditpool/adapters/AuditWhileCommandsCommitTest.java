package io.creditpool.adapters;

import com.google.inject.AbstractModule;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.out.CreditStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.creditpool.adapters.Given.ACME;
import static io.creditpool.adapters.Given.ALICE;
import static io.creditpool.adapters.Given.ENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An audit reads a team and then its ledger; a command that commits between the two reads (a service serving while
 * an operator audits) must not show as a difference between balance and ledger, and a real difference still shows.
 */
class AuditWhileCommandsCommitTest {
    /** The in-memory store, but the next ledger read first lets a command of the test commit. */
    static final class CommittingBetweenReads extends ForwardingCreditStore {
        volatile Runnable beforeNextLedgerRead;

        @Override
        public List<LedgerEntry> ledger(TeamId team) {
            Runnable before = beforeNextLedgerRead;
            beforeNextLedgerRead = null;
            if (before != null) {
                before.run();
            }
            return inner.ledger(team);
        }
    }

    @Test
    void aConsumptionCommittedBetweenTheTeamAndItsLedgerIsNoDifference() {
        CommittingBetweenReads store = new CommittingBetweenReads();
        Given f = Given.creditpool(b -> b.override(new AbstractModule() {
            @Override
            protected void configure() {
                bind(CreditStore.class).toInstance(store);
            }
        })).team(ENT, 4);
        assertThat(f.consume(ALICE, 10, null).accepted()).isTrue();
        store.beforeNextLedgerRead = () -> assertThat(f.consume(ALICE, 1, null).accepted()).isTrue();

        List<String> wrong = f.pool.audit(ACME);

        assertThat(store.beforeNextLedgerRead).as("the consumption ran between the audit's reads").isNull();
        assertThat(wrong).isEmpty();
        assertThat(f.pool.audit(ACME)).isEmpty();
    }
}
