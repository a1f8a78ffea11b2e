package io.creditpool;

import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.CreateTeamCommand;

import java.util.Objects;

/**
 * A team to create, named field by field, for {@link Teams#create(NewTeam)}:
 *
 * <pre>{@code
 * pool.teams().create(NewTeam.named("acme").plan("team").seats(3).owner("olivia"));
 * }</pre>
 *
 * <p>The team, its {@code plan}, its {@code seats} and its {@code owner} are required; {@code billingAnchorDay} (the
 * day of the month each billing cycle starts on; the day the team is created on when not given) and
 * {@code requestId} (a replay with it answers the first decision) are optional. A value: each step answers a new
 * {@code NewTeam} and leaves this one as it was, so one can serve as a template. It is checked when it becomes its
 * {@link CreateTeamCommand} ({@link #command()}): a missing or wrong field throws {@link InvalidInputException} naming
 * it ({@code seats: is required}, {@code plan: is required}), and nothing is created.
 */
public final class NewTeam {
    private final String team;
    private final String plan;
    private final Integer seats;
    private final String owner;
    private final Integer billingAnchorDay;
    private final String requestId;

    private NewTeam(String team, String plan, Integer seats, String owner, Integer billingAnchorDay,
            String requestId) {
        this.team = team;
        this.plan = plan;
        this.seats = seats;
        this.owner = owner;
        this.billingAnchorDay = billingAnchorDay;
        this.requestId = requestId;
    }

    /** The team that the host product names {@code team}: nothing else set yet. */
    public static NewTeam named(String team) {
        return new NewTeam(team, null, null, null, null, null);
    }

    /** The plan of the plan table the team is on ({@code team}, {@code enterprise}, ...). Required. */
    public NewTeam plan(String plan) {
        return new NewTeam(team, plan, seats, owner, billingAnchorDay, requestId);
    }

    /** The seats bought, from 1; every member takes one. Required. */
    public NewTeam seats(int seats) {
        return new NewTeam(team, plan, seats, owner, billingAnchorDay, requestId);
    }

    /** The member who owns the team and acts in its creation. Required. */
    public NewTeam owner(String owner) {
        return new NewTeam(team, plan, seats, owner, billingAnchorDay, requestId);
    }

    /** The day of the month (1 to 31, clamped to the month's length) each billing cycle starts on. */
    public NewTeam billingAnchorDay(int day) {
        return new NewTeam(team, plan, seats, owner, day, requestId);
    }

    /** The request id that makes the creation idempotent; null: none, as when not given. */
    public NewTeam requestId(String requestId) {
        return new NewTeam(team, plan, seats, owner, billingAnchorDay, requestId);
    }

    /**
     * The command record this stands for, as {@link Creditpool#createTeam(CreateTeamCommand)} takes it.
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public CreateTeamCommand command() {
        TeamId id = TeamId.of(team);
        // seats is a number in the command, which cannot tell "not given" from a wrong count
        FluentIds.required("seats", seats);
        return new CreateTeamCommand(id, plan, seats, FluentIds.member("owner", owner), billingAnchorDay,
                FluentIds.request("id", requestId));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewTeam t && Objects.equals(team, t.team) && Objects.equals(plan, t.plan)
                && Objects.equals(seats, t.seats) && Objects.equals(owner, t.owner)
                && Objects.equals(billingAnchorDay, t.billingAnchorDay) && Objects.equals(requestId, t.requestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(team, plan, seats, owner, billingAnchorDay, requestId);
    }

    @Override
    public String toString() {
        return "NewTeam[team=" + team + ", plan=" + plan + ", seats=" + seats + ", owner=" + owner
                + ", billingAnchorDay=" + billingAnchorDay + ", requestId=" + requestId + "]";
    }
}
