package io.creditpool;

import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Spendable;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.LedgerPage;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.out.TeamRequest;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * One team of a {@link Creditpool}, from {@link Creditpool#team(String)}: what it holds, and {@link #as(String)} for
 * the commands a member of it asks for.
 *
 * <pre>{@code
 * TeamHandle acme = pool.team("acme");
 * acme.as("olivia").invite("alice", Role.MEMBER);
 * Decision d = acme.as("alice").requestId("gen-1").consume(120);
 * long left = acme.balance();
 * }</pre>
 *
 * <p>A handle is only the team's id and the {@code Creditpool} it came from: it holds nothing of the team, so every
 * read asks the store again, it never goes stale, and it may be kept and shared between threads. Making one checks
 * the id alone ({@code team: ...} for a malformed one), not that the team exists: a command on a team that does not
 * exist is denied {@code unknown-team}, as through {@link Creditpool}'s own methods, which these call.
 */
public final class TeamHandle {
    private final Creditpool pool;
    private final TeamId team;

    TeamHandle(Creditpool pool, TeamId team) {
        this.pool = pool;
        this.team = team;
    }

    public TeamId id() {
        return team;
    }

    /**
     * {@code member} acting in this team: the commands they ask for, which the kernel decides as theirs (an ordinary
     * member inviting someone is denied {@code not-allowed}), as {@code Creditpool-Member} names who acts over HTTP.
     */
    public ActingMember as(String member) {
        return new ActingMember(pool, team, member, null);
    }

    /**
     * What the workspace settings show: the balance and where it comes from, seats, each member's usage and limit,
     * auto top-up, pending purchases, open reservations. Empty when the team does not exist.
     */
    public Optional<TeamMetrics> summary() {
        return pool.metrics(team);
    }

    /**
     * The credits the team's pool holds now (held credits aside).
     *
     * @throws NoSuchElementException when the team does not exist
     */
    public long balance() {
        return summary().orElseThrow(() -> new NoSuchElementException("team " + team + " does not exist")).balance();
    }

    /** The team's groups with their usage this month and cap, in the order they were made; empty for no team. */
    public List<TeamMetrics.GroupUsage> groups() {
        return summary().map(TeamMetrics::groups).orElse(List.of());
    }

    /**
     * What {@code member} can spend now (the least of the pool, their limit left and their group's cap left) and
     * which binds; empty when the team does not exist or they are not in it.
     */
    public Optional<Spendable> spendable(String member) {
        MemberId id = FluentIds.member("member", member);
        return summary().map(m -> m.member(id)).map(TeamMetrics.MemberUsage::spendable);
    }

    /** The team's append-only ledger, oldest first; empty when the team does not exist. */
    public List<LedgerEntry> ledger() {
        return pool.ledger(team);
    }

    /** At most {@code limit} (at least 1) of the newest ledger entries, oldest first. */
    public LedgerPage ledgerPage(int limit) {
        return pool.ledgerPage(team, null, limit);
    }

    /** At most {@code limit} (at least 1) of the newest ledger entries numbered below {@code before}, oldest first. */
    public LedgerPage ledgerPage(long before, int limit) {
        return pool.ledgerPage(team, before, limit);
    }

    /** The request ids the team's commands came with, each with its first decision, denied ones included. */
    public List<TeamRequest> requests() {
        return pool.requests(team);
    }

    /** What is wrong with the team's guarantees; empty when they all hold (a team that does not exist says so). */
    public List<String> audit() {
        return pool.audit(team);
    }

    @Override
    public String toString() {
        return "TeamHandle[" + team + "]";
    }
}
