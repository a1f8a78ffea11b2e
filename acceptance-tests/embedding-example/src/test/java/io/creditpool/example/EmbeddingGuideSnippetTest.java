package io.creditpool.example;

// The Java snippet of docs/embedding.md ("The Java API") is this file's imports and the body of guideSnippet()
// between the markers, lines marked "not in the docs" aside: ReadmeEmbedSnippetTest (acceptance-tests) fails when
// the page shows other code than this.
// snippet begins
import io.creditpool.*;
import io.creditpool.kernel.domain.*;
// snippet imports end

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding guide's tour of the named calls runs as written, and leaves the team as the page says. */
class EmbeddingGuideSnippetTest {
    private final List<String> shown = new ArrayList<>();

    @Test
    void theGuidesSnippetRunsAsWritten() {
        assertThat(guideSnippet()).isEqualTo(3000 - 120 - 420 + 1000);
        assertThat(shown).isEmpty();
    }

    private long guideSnippet() {
        // snippet body begins
        try (Creditpool pool = Creditpool.embedded()) {
            pool.teams().create(NewTeam.named("acme").plan("enterprise").seats(3).owner("olivia")
                    .billingAnchorDay(1).requestId("team-acme"));               // anchor day, request id: optional
            TeamHandle acme = pool.team("acme");
            ActingMember olivia = acme.as("olivia");                            // who acts, the kernel decides
            olivia.requestId("inv-1").invite("alice", Role.MEMBER);             // a replay of inv-1 changes nothing
            olivia.invite("bob", Role.ADMIN);                                   // no request id: not idempotent
            olivia.changeRole("bob", Role.MEMBER);
            olivia.setLimit("alice", 1_000);                                    // a month; or MemberLimit.UNLIMITED
            olivia.createGroup("design", "Design", 2_000);                      // a group's members share 2,000 a month
            olivia.moveToGroup("alice", "design");                              // or null: into no group
            acme.as("alice").setOwnLimit(800);                                  // alice lowers her own limit
            olivia.configureAutoTopUp(AutoTopUpSettings.below(200).buy(2_000).monthlyCap(10_000));   // or .off()
            olivia.requestId("buy-1").buyTopUp(1_000);                          // only the owner buys top-ups
            Decision d = acme.as("alice").requestId("gen-1").consume(120);      // one generation = one consumption
            if (d.denied()) showError(d.denial().code(), d.reason());           // e.g. member-limit
            acme.as("alice").reserve("job-7", 500);                             // held 15 minutes, or a Duration
            acme.as("alice").settle("job-7", 420);                              // 420 spent, 80 back; or release
            olivia.remove("bob");
            long used = acme.summary().orElseThrow().member(MemberId.of("alice")).usageThisMonth();   // 540
            long left = acme.balance();                                         // 3460
            Spendable can = acme.spendable("alice").orElseThrow();              // 260 more, OWN_LIMIT binds
            assertThat(used).isEqualTo(540);   // not in the docs
            assertThat(can).isEqualTo(new Spendable(260, Spendable.Bound.OWN_LIMIT));   // not in the docs
            checked(acme);   // not in the docs
            return left;   // not in the docs
        }
        // snippet ends
    }

    /** Every command of the snippet did what its comment says. */
    private static void checked(TeamHandle acme) {
        var summary = acme.summary().orElseThrow();
        assertThat(summary.members()).extracting(m -> m.member().value(), m -> m.role(), m -> m.limit())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("olivia", Role.OWNER, MemberLimit.UNLIMITED),
                        org.assertj.core.groups.Tuple.tuple("alice", Role.MEMBER, MemberLimit.of(1_000)));
        assertThat(summary.autoTopUp().enabled()).isTrue();
        assertThat(summary.autoTopUp().monthlyCap()).isEqualTo(10_000L);
        assertThat(summary.topUpCredits()).isEqualTo(1_000);
        assertThat(summary.reservations()).isEmpty();
        assertThat(summary.cycle().end().atZone(java.time.ZoneOffset.UTC).getDayOfMonth()).as("anchor day").isEqualTo(1);
        assertThat(acme.requests()).extracting(r -> r.id().value()).contains("inv-1", "buy-1", "gen-1", "job-7");
        assertThat(acme.requests()).allMatch(r -> r.recorded().decision().accepted());
        assertThat(acme.audit()).isEmpty();
    }

    private void showError(String code, String reason) {
        shown.add(code + ": " + reason);
    }
}
