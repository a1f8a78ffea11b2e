package io.creditpool.kernel.port.out;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;

/**
 * What the rules see of the team and the acting member in a decision, in the business's words: the team and its
 * plan, its seats, the member and their role, whether their limit was set (or is unlimited by default), and the
 * pool's plan and top-up parts.
 */
public record TeamFacts(TeamId team, String plan, int seats, int seatsUsed, MemberId member, Role role,
        boolean limitExplicit, long planCredits, long topUpCredits) {

    /** The facts of {@code team} as they stand, with {@code member} acting. */
    public static TeamFacts of(Team team, Member member) {
        return new TeamFacts(team.id(), team.planName(), team.seats(), team.seatsUsed(), member.id(), member.role(),
                member.limit().explicit(), team.credits(GrantSource.PLAN),
                team.credits(GrantSource.TOP_UP) + team.credits(GrantSource.AUTO_TOP_UP));
    }
}
