package io.creditpool.example;

// The README's embed snippet, from its first import to the end of its try block, as a host product writes it: the
// README's test (ReadmeQuickstartTest in acceptance-tests) fails when the README shows other code than this.
// README snippet begins
import io.creditpool.Creditpool;
import io.creditpool.kernel.domain.*;
import io.creditpool.kernel.port.in.*;
// README snippet imports end

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's shortest embedding runs as written: a team, a member with a limit, a consumption, the balance left. */
class ReadmeSnippetTest {
    private final List<String> shown = new ArrayList<>();

    @Test
    void theReadmeSnippetSpendsCreditsFromATeamsPool() {
        assertThat(readmeSnippet()).isEqualTo(1500 - 120);
        assertThat(shown).isEmpty();
    }

    private long readmeSnippet() {
        // README snippet body begins
        try (Creditpool pool = Creditpool.embedded()) {   // shipped rules and plans, in memory, sandbox payments
            TeamId acme = TeamId.of("acme");
            MemberId olivia = MemberId.of("olivia"), alice = MemberId.of("alice");
            pool.createTeam(new CreateTeamCommand(acme, "team", 3, olivia, 1, null));   // plan, seats, owner, anchor day
            pool.invite(new InviteMemberCommand(acme, olivia, alice, Role.MEMBER, RequestId.of("inv-1")));
            pool.setLimit(new SetMemberLimitCommand(acme, olivia, alice, MemberLimit.of(300), null));
            Decision d = pool.consume("acme", "alice", 120, "gen-1");   // gen-1: a replay changes nothing
            if (d.denied()) showError(d.denial().code(), d.reason());   // e.g. member-limit, insufficient-credits
            long left = pool.metrics(acme).orElseThrow().balance();     // 1380
            return left;
        }
        // README snippet ends
    }

    private void showError(String code, String reason) {
        shown.add(code + ": " + reason);
    }
}
