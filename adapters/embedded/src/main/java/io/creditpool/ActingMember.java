package io.creditpool;

import io.creditpool.kernel.domain.Decision;
import io.creditpool.kernel.domain.InvalidInputException;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.MemberLimit;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Role;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.BuyTopUpCommand;
import io.creditpool.kernel.domain.GroupCap;
import io.creditpool.kernel.port.in.ChangeGroupCommand;
import io.creditpool.kernel.port.in.ChangeRoleCommand;
import io.creditpool.kernel.port.in.CreateGroupCommand;
import io.creditpool.kernel.port.in.DeleteGroupCommand;
import io.creditpool.kernel.port.in.MoveMemberCommand;
import io.creditpool.kernel.port.in.SetOwnLimitCommand;
import io.creditpool.kernel.port.in.ConsumeCreditsCommand;
import io.creditpool.kernel.port.in.InviteMemberCommand;
import io.creditpool.kernel.port.in.ReleaseReservationCommand;
import io.creditpool.kernel.port.in.RemoveMemberCommand;
import io.creditpool.kernel.port.in.ReserveCreditsCommand;
import io.creditpool.kernel.port.in.SetMemberLimitCommand;
import io.creditpool.kernel.port.in.SettleReservationCommand;

import java.time.Duration;

/**
 * A member acting in a team, from {@link TeamHandle#as(String)}: each method is one command, asked for by this
 * member, and answers its {@link Decision}.
 *
 * <pre>{@code
 * acme.as("olivia").invite("alice", Role.MEMBER);                     // olivia invites alice
 * acme.as("olivia").setLimit("alice", 300);                           // alice may spend 300 credits a month
 * acme.as("alice").requestId("gen-1").consume(120);                   // a replay of gen-1 changes nothing
 * acme.as("alice").reserve("job-7", 500);                             // held until settled, released or expired
 * acme.as("alice").settle("job-7", 420);                              // spends 420 of it, gives 80 back
 * acme.as("olivia").buyTopUp(1_000);
 * acme.as("olivia").configureAutoTopUp(AutoTopUpSettings.below(200).buy(1_000));
 * acme.as("olivia").createGroup("design", "Design", 1_000);              // a group spending 1,000 a month at most
 * acme.as("olivia").moveToGroup("alice", "design");
 * acme.as("alice").setOwnLimit(150);                                   // alice lowers her own limit
 * }</pre>
 *
 * <p>Each method builds the command record {@link Creditpool}'s method of the same name takes and calls that method,
 * so it is decided exactly as the record would be: who may do what (only the owner buys top-ups; the owner and admins
 * manage members, limits, groups and auto top-up), the rules and the guarantees are the kernel's. Bad input throws
 * {@link InvalidInputException} naming the field, and changes nothing: {@code by} for the member who acts in a
 * command on others (invite, remove, change a role, set a limit, groups, auto top-up, buy a top-up), {@code member}
 * for the one who spends or sets their own limit (consume, reserve, settle, release, own limit), {@code member} for
 * the one a command is about, and the kernel's names for the rest ({@code role}, {@code limit}, {@code group},
 * {@code name}, {@code cap}, {@code amount}, {@code reservation}, {@code id}).
 *
 * <p>The request id is optional, as in the command records: without one a command is not idempotent (a consumption
 * sent twice is two consumptions). {@link #requestId(String)} answers this member with one, for the next command:
 * like an HTTP {@code Idempotency-Key}, it names one request, so a replay answers the first decision and the same id
 * for a different command is denied {@code request-conflict}. A value: it may be kept and shared between threads.
 */
public final class ActingMember {
    private final Creditpool pool;
    private final TeamId team;
    /** Who acts, as the host product wrote it: checked by each command, which names it {@code by} or {@code member}. */
    private final String actor;
    private final RequestId requestId;

    ActingMember(Creditpool pool, TeamId team, String actor, RequestId requestId) {
        this.pool = pool;
        this.team = team;
        this.actor = actor;
        this.requestId = requestId;
    }

    /**
     * This member, asking with request id {@code requestId} (null: none, as without this call).
     *
     * @throws InvalidInputException {@code id} for a malformed request id
     */
    public ActingMember requestId(String requestId) {
        return new ActingMember(pool, team, actor, RequestId.ofNullable(requestId));
    }

    /** Adds {@code member} to the team as a member or an admin; they take a seat at once. */
    public Decision invite(String member, Role role) {
        return pool.invite(new InviteMemberCommand(team, by(), FluentIds.member("member", member), role, requestId));
    }

    /** Removes {@code member} from the team, which frees their seat. */
    public Decision remove(String member) {
        return pool.remove(new RemoveMemberCommand(team, by(), FluentIds.member("member", member), requestId));
    }

    /** Makes {@code member} an admin, or an admin a member (a team has one owner, who keeps that role). */
    public Decision changeRole(String member, Role role) {
        return pool.changeRole(new ChangeRoleCommand(team, by(), FluentIds.member("member", member), role,
                requestId));
    }

    /** Caps what {@code member} may spend per calendar month at {@code credits} (0 or more). */
    public Decision setLimit(String member, long credits) {
        return setLimit(member, MemberLimit.of(credits));
    }

    /** Sets {@code member}'s monthly limit: {@link MemberLimit#of(long)}, or {@link MemberLimit#UNLIMITED}. */
    public Decision setLimit(String member, MemberLimit limit) {
        return pool.setLimit(new SetMemberLimitCommand(team, by(), FluentIds.member("member", member), limit,
                requestId));
    }

    /**
     * Caps what this member may spend per calendar month at {@code credits}, below (or at) the limit the owner or an
     * admin set them; raising it above that is {@code invalid-input} naming {@code limit}. Both limits are kept.
     */
    public Decision setOwnLimit(long credits) {
        return setOwnLimit(MemberLimit.of(credits));
    }

    /** Sets this member's own monthly limit, or lets go of it ({@link MemberLimit#UNLIMITED}). */
    public Decision setOwnLimit(MemberLimit limit) {
        return pool.setOwnLimit(new SetOwnLimitCommand(team, spender(), limit, requestId));
    }

    /** Makes group {@code group} (its id, also its name), without a cap. */
    public Decision createGroup(String group) {
        return createGroup(group, null, GroupCap.UNLIMITED);
    }

    /** Makes group {@code group} named {@code name} (null: its id) whose members may spend {@code cap} a month together. */
    public Decision createGroup(String group, String name, long cap) {
        return createGroup(group, name, GroupCap.of(cap));
    }

    /** Makes group {@code group} named {@code name} (null: its id) with {@code cap} ({@link GroupCap#UNLIMITED}: none). */
    public Decision createGroup(String group, String name, GroupCap cap) {
        return pool.createGroup(new CreateGroupCommand(team, by(), FluentIds.group("group", group), name, cap,
                requestId));
    }

    /** Gives group {@code group} a new name; its id stays. */
    public Decision renameGroup(String group, String name) {
        return pool.changeGroup(ChangeGroupCommand.rename(team, by(), FluentIds.group("group", group), name,
                requestId));
    }

    /** Sets what the members of group {@code group} may spend together a month. */
    public Decision setGroupCap(String group, long cap) {
        return setGroupCap(group, GroupCap.of(cap));
    }

    /** Sets group {@code group}'s monthly cap, or lifts it ({@link GroupCap#UNLIMITED}). */
    public Decision setGroupCap(String group, GroupCap cap) {
        return pool.changeGroup(ChangeGroupCommand.cap(team, by(), FluentIds.group("group", group), cap, requestId));
    }

    /** Deletes group {@code group}: its members are in no group from then on; its usage this month stays counted. */
    public Decision deleteGroup(String group) {
        return pool.deleteGroup(new DeleteGroupCommand(team, by(), FluentIds.group("group", group), requestId));
    }

    /**
     * Moves {@code member} into group {@code group} (null: into none), out of the one they were in; what they spent
     * stays with the group they spent it in.
     */
    public Decision moveToGroup(String member, String group) {
        return pool.moveMember(new MoveMemberCommand(team, by(), FluentIds.member("member", member),
                FluentIds.group("group", group), requestId));
    }

    /** Turns the team's auto top-up on with these settings, or off ({@link AutoTopUpSettings#off()}). */
    public Decision configureAutoTopUp(AutoTopUpSettings settings) {
        return pool.configureAutoTopUp(FluentIds.required("settings", settings).command(team, by(), requestId));
    }

    /**
     * Buys {@code credits} of top-up, which never expire, for the team (the owner only); waits for the charge as
     * {@link Creditpool#buyTopUp} does, and answers {@code payment-pending} when its outcome is not known in time.
     */
    public Decision buyTopUp(long credits) {
        return pool.buyTopUp(new BuyTopUpCommand(team, by(), credits, requestId));
    }

    /** Spends {@code credits} of the team's pool for one piece of this member's work. */
    public Decision consume(long credits) {
        return pool.consume(new ConsumeCreditsCommand(team, spender(), credits, requestId));
    }

    /**
     * Holds {@code credits} for a long piece of work, decided like a consumption of them, for 15 minutes unless it is
     * settled or released first. {@code reservation} names it, and is its request id (a replay of it answers the first
     * decision): a {@link #requestId(String)} given as well must be the same.
     */
    public Decision reserve(String reservation, long credits) {
        return reserve(reservation, credits, null);
    }

    /** As {@link #reserve(String, long)}, held for {@code holdFor} (at most 24 hours; null: 15 minutes). */
    public Decision reserve(String reservation, long credits, Duration holdFor) {
        RequestId named = FluentIds.required("reservation", FluentIds.request("reservation", reservation));
        if (requestId != null && !requestId.equals(named)) {
            throw new InvalidInputException("id", "a reservation's request id is its name, '" + named
                    + "'; give no other request id (" + requestId + ")");
        }
        return pool.reserve(new ReserveCreditsCommand(team, spender(), credits, holdFor, named));
    }

    /**
     * Ends reservation {@code reservation} at the work's real cost, {@code credits} (0 up to what it holds): they are
     * spent and the rest goes back to the pool. The member who reserved, the owner or an admin may.
     */
    public Decision settle(String reservation, long credits) {
        return pool.settle(new SettleReservationCommand(team, spender(), FluentIds.request("reservation", reservation),
                credits, requestId));
    }

    /** Gives everything reservation {@code reservation} holds back to the pool (the work will not happen). */
    public Decision release(String reservation) {
        return pool.release(new ReleaseReservationCommand(team, spender(),
                FluentIds.request("reservation", reservation), requestId));
    }

    /** This member as a command on others names them: {@code by}. */
    private MemberId by() {
        return FluentIds.member("by", actor);
    }

    /** This member as a command on their own work names them: {@code member}. */
    private MemberId spender() {
        return FluentIds.member("member", actor);
    }

    @Override
    public String toString() {
        return "ActingMember[team=" + team + ", member=" + actor + (requestId == null ? "" : ", requestId="
                + requestId) + "]";
    }
}
