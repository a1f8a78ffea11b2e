package io.creditpool.kernel.port.out;

import java.time.YearMonth;

import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;

/**
 * What the rules see of the team and the acting member in a decision, in the business's words: the team and its
 * plan, its seats, the member and their role, whether their limit was set (or is unlimited by default), and the
 * pool's plan and top-up parts, and what the member spent in the last calendar month.
 */
public record TeamFacts(TeamId team, String plan, int seats, int seatsUsed, MemberId member, Role role,
        boolean limitExplicit, long planCredits, long topUpCredits, long usageLastMonth) {

    /** Facts without the member's usage last month (0). */
    public TeamFacts(TeamId team, String plan, int seats, int seatsUsed, MemberId member, Role role,
            boolean limitExplicit, long planCredits, long topUpCredits) {
        this(team, plan, seats, seatsUsed, member, role, limitExplicit, planCredits, topUpCredits, 0);
    }

    /** The facts of {@code team} as they stand, with {@code member} acting (their usage last month not given). */
    public static TeamFacts of(Team team, Member member) {
        return new TeamFacts(team.id(), team.planName(), team.seats(), team.seatsUsed(), member.id(), member.role(),
                member.limit().explicit(), team.credits(GrantSource.PLAN),
                team.credits(GrantSource.TOP_UP) + team.credits(GrantSource.AUTO_TOP_UP));
    }

    /** The facts of {@code team} as they stand in calendar month {@code month}, with {@code member} acting. */
    public static TeamFacts of(Team team, Member member, YearMonth month) {
        TeamFacts now = of(team, member);
        return new TeamFacts(now.team(), now.plan(), now.seats(), now.seatsUsed(), now.member(), now.role(),
                now.limitExplicit(), now.planCredits(), now.topUpCredits(),
                team.usageInMonthBefore(member.id(), month));
    }
}
