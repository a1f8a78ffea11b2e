package io.creditpool.example;

// The README's embed snippet is this file's imports and the body of readmeSnippet() between the markers, as a host
// product writes it, lines marked "not in the docs" aside: ReadmeEmbedSnippetTest (acceptance-tests) fails when the
// README shows other code than this.
// snippet begins
import io.creditpool.*;
import io.creditpool.kernel.domain.*;
// snippet imports end

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
        // snippet body begins
        try (Creditpool pool = Creditpool.embedded()) {   // shipped rules and plans, in memory, sandbox payments
            pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"));
            TeamHandle acme = pool.team("acme");
            acme.as("olivia").requestId("inv-1").invite("alice", Role.MEMBER);   // olivia, the owner, invites alice
            acme.as("olivia").setLimit("alice", 300);                            // alice: 300 credits a month at most
            Decision d = acme.as("alice").requestId("gen-1").consume(120);       // gen-1: a replay changes nothing
            if (d.denied()) showError(d.denial().code(), d.reason());            // e.g. member-limit, insufficient-credits
            long left = acme.balance();                                          // 1380
            return left;   // not in the docs
        }
        // snippet ends
    }

    private void showError(String code, String reason) {
        shown.add(code + ": " + reason);
    }
}
