package io.creditpool.kernel.service;

import io.creditpool.kernel.domain.BillingCycle;
import io.creditpool.kernel.domain.GrantSource;
import io.creditpool.kernel.domain.GroupId;
import io.creditpool.kernel.domain.LedgerEntry;
import io.creditpool.kernel.domain.Member;
import io.creditpool.kernel.domain.MemberId;
import io.creditpool.kernel.domain.Plan;
import io.creditpool.kernel.domain.RequestId;
import io.creditpool.kernel.domain.Team;
import io.creditpool.kernel.domain.TeamId;
import io.creditpool.kernel.port.in.LedgerPage;
import io.creditpool.kernel.port.in.TeamMetrics;
import io.creditpool.kernel.port.in.TeamQueries;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Metrics, ledger and the audit of the guarantees. */
@Singleton
public final class TeamQueryService implements TeamQueries {
    private final TeamCommands commands;

    @Inject
    public TeamQueryService(TeamCommands commands) {
        this.commands = commands;
    }

    @Override
    public Optional<TeamMetrics> metrics(TeamId teamId) {
        Optional<AsOf> found = upToDate(teamId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Team team = found.get().team();
        Instant now = found.get().now();
        YearMonth month = BillingCycle.calendarMonthOf(now);
        List<TeamMetrics.MemberUsage> members = new ArrayList<>();
        for (Member m : team.members()) {
            members.add(new TeamMetrics.MemberUsage(m.id(), m.role(), team.usageIn(m.id(), month), m.limit(),
                    m.ownLimit(), team.groupOf(m) == null ? null : m.group(), team.spendable(m.id(), month)));
        }
        List<TeamMetrics.GroupUsage> groups = team.groups().stream().map(g -> new TeamMetrics.GroupUsage(g.id(),
                g.name(), g.cap(), team.groupUsageIn(g.id(), month), team.membersOf(g.id()).size())).toList();
        List<TeamMetrics.GrantBalance> grants = team.grants().stream()
                .map(g -> new TeamMetrics.GrantBalance(g.id(), g.source(), g.remaining(), g.expiresAt()))
                .toList();
        long plan = team.credits(GrantSource.PLAN);
        List<TeamMetrics.HeldCredits> held = team.reservations().stream()
                .map(r -> new TeamMetrics.HeldCredits(r.id(), r.member(), r.credits(), r.reservedAt(), r.expiresAt()))
                .toList();
        return Optional.of(new TeamMetrics(team.id(), team.planName(), team.cycle(), team.balance(), plan,
                team.balance() - plan, grants, team.seats(), team.seatsUsed(), team.seatsAvailable(), members,
                team.autoTopUp(), team.autoTopUpInFlight(), team.pendingPurchases().size(), team.topUpsGranted(),
                team.chargesRecorded(), held, groups));
    }

    @Override
    public Optional<io.creditpool.kernel.port.out.AlertLevels> alertLevels(TeamId teamId) {
        Optional<Plan> plan = commands.store().inTransaction(teamId, unit -> unit.team().map(commands::planOf));
        return plan.map(commands.policy()::alertLevels);
    }

    @Override
    public List<LedgerEntry> ledger(TeamId team) {
        upToDate(team);
        return commands.store().ledger(team);
    }

    @Override
    public LedgerPage ledgerPage(TeamId team, Long before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a ledger page holds at least one entry, not " + limit);
        }
        // the cycle changes due by now are written first, as on any access; the team itself is not copied
        commands.store().inTransaction(team, unit -> unit.team().map(t -> {
            Instant reading = commands.clock().now(team);
            commands.catchUp(t, commands.planOf(t), reading.isAfter(t.lastSeen()) ? reading : t.lastSeen());
            return Boolean.TRUE;
        }).orElse(Boolean.FALSE));
        long size = commands.store().ledgerSize(team);
        long newest = before == null ? size : Math.min(before - 1, size);
        long first = Math.max(1, newest - limit + 1);
        return new LedgerPage(first, newest < 1 ? List.of() : commands.store().ledger(team, first, newest), size);
    }

    /** How many times an audit reads a team and its ledger when commands keep committing between the reads. */
    private static final int AUDIT_READS = 5;

    @Override
    public List<String> audit(TeamId teamId) {
        // the team and its ledger are two reads: a command that commits between them would show as a difference
        // that is not there. The ledger's size is read before the team; if the ledger read after it has grown, a
        // command came in between, and the team is read again (a ledger whose size stays off is audited as read)
        Optional<AsOf> found;
        List<LedgerEntry> entries;
        for (int attempt = 1; ; attempt++) {
            long size = commands.store().ledgerSize(teamId);
            found = upToDate(teamId);
            if (found.isEmpty()) {
                return List.of("team " + teamId + " does not exist");
            }
            entries = commands.store().ledger(teamId);
            if (entries.size() == size || attempt == AUDIT_READS) {
                break;
            }
        }
        Team team = found.get().team();
        Instant now = found.get().now();
        List<String> wrong = new ArrayList<>();
        try {
            team.checkBalance();
        } catch (IllegalStateException e) {
            wrong.add(e.getMessage());
        }
        long fromLedger = 0;
        long topUps = 0;
        long charges = 0;
        Set<Long> granted = new HashSet<>();
        Map<MemberId, Map<YearMonth, Long>> usage = new HashMap<>();
        Map<GroupId, Map<YearMonth, Long>> groupUsage = new HashMap<>();
        Set<RequestId> reservedEver = new HashSet<>();
        Map<RequestId, LedgerEntry.CreditsReserved> open = new LinkedHashMap<>();
        for (LedgerEntry e : entries) {
            fromLedger += e.balanceChange();
            if (e instanceof LedgerEntry.CreditsGranted g) {
                granted.add(g.grantId());
                topUps += g.source().bought() ? 1 : 0;
            }
            if (e instanceof LedgerEntry.ChargeAttempted) {
                charges++;
            }
            if (e instanceof LedgerEntry.CreditsReserved r) {
                auditReserved(r, granted, reservedEver, open, usage, wrong);
                auditGroup(r.group(), r.groupCap(), r.at(), r.credits(), groupUsage, wrong);
            }
            if (e instanceof LedgerEntry.ReservationSettled s) {
                LedgerEntry.CreditsReserved r = open.get(s.reservation());
                auditSettled(s, reservedEver, open, usage, wrong);
                if (r != null && r.group() != null
                        && BillingCycle.calendarMonthOf(s.at()).equals(BillingCycle.calendarMonthOf(r.at()))) {
                    groupUsage.computeIfAbsent(r.group(), k -> new HashMap<>())
                            .merge(BillingCycle.calendarMonthOf(r.at()), s.consumed() - r.credits(), Long::sum);
                }
            }
            if (e instanceof LedgerEntry.CreditsConsumed c) {
                long drawn = c.draws().stream().mapToLong(LedgerEntry.Draw::credits).sum();
                if (drawn != c.credits()) {
                    wrong.add("consumption at " + c.at() + " of " + c.credits() + " drew " + drawn);
                }
                c.draws().stream().filter(d -> !granted.contains(d.grantId())).forEach(
                        d -> wrong.add("consumption at " + c.at() + " drew from grant " + d.grantId()
                                + ", which the ledger never granted"));
                long used = usage.computeIfAbsent(c.member(), k -> new HashMap<>())
                        .merge(BillingCycle.calendarMonthOf(c.at()), c.credits(), Long::sum);
                if (!c.limit().unlimited() && used > c.limit().credits()) {
                    wrong.add(c.member() + " used " + used + " in " + BillingCycle.calendarMonthOf(c.at())
                            + " over a limit of " + c.limit());
                }
                auditGroup(c.group(), c.groupCap(), c.at(), c.credits(), groupUsage, wrong);
            }
        }
        if (team.topUpsGranted() != topUps || team.chargesRecorded() != charges) {
            wrong.add("the team counts " + team.topUpsGranted() + " top-ups and " + team.chargesRecorded()
                    + " charges but the ledger has " + topUps + " and " + charges);
        }
        if (fromLedger != team.balance()) {
            wrong.add("balance " + team.balance() + " but the ledger sums to " + fromLedger);
        }
        if (team.balance() < 0) {
            wrong.add("balance " + team.balance() + " is negative");
        }
        YearMonth month = BillingCycle.calendarMonthOf(now);
        for (Member m : team.members()) {
            long counted = team.usageIn(m.id(), month);
            long fromLedgerUsage = usage.getOrDefault(m.id(), Map.of()).getOrDefault(month, 0L);
            if (counted != fromLedgerUsage) {
                wrong.add(m.id() + " has usage " + counted + " this month but the ledger says " + fromLedgerUsage);
            }
        }
        Set<GroupId> groups = new HashSet<>(team.groupUsage().keySet());
        groups.addAll(groupUsage.keySet());
        for (GroupId g : groups) {
            long counted = team.groupUsageIn(g, month);
            long fromLedgerUsage = groupUsage.getOrDefault(g, Map.of()).getOrDefault(month, 0L);
            if (counted != fromLedgerUsage) {
                wrong.add("group " + g + " has usage " + counted + " this month but the ledger says "
                        + fromLedgerUsage);
            }
        }
        team.grants().stream().filter(g -> g.expiredAt(now))
                .forEach(g -> wrong.add(g + " has expired but still counts"));
        Map<RequestId, Long> heldByLedger = new LinkedHashMap<>();
        open.forEach((id, r) -> heldByLedger.put(id, r.credits()));
        Map<RequestId, Long> heldByTeam = new LinkedHashMap<>();
        team.reservations().forEach(r -> heldByTeam.put(r.id(), r.credits()));
        if (!heldByLedger.equals(heldByTeam)) {
            wrong.add("open reservations " + heldByTeam + " but the ledger holds " + heldByLedger);
        }
        team.reservations().stream().filter(r -> r.expiredAt(now)).forEach(r -> wrong.add("reservation " + r.id()
                + " expired at " + r.expiresAt() + " but still holds " + r.credits() + " credits"));
        return wrong;
    }

    /**
     * Guarantee 4 for groups: what a group's members spent and held in a calendar month never passes the group's cap
     * as it stood at each consumption or reservation counted in it.
     */
    private static void auditGroup(GroupId group, io.creditpool.kernel.domain.GroupCap cap, Instant at, long credits,
            Map<GroupId, Map<YearMonth, Long>> groupUsage, List<String> wrong) {
        if (group == null) {
            return;
        }
        YearMonth month = BillingCycle.calendarMonthOf(at);
        long used = groupUsage.computeIfAbsent(group, k -> new HashMap<>()).merge(month, credits, Long::sum);
        if (!cap.unlimited() && used > cap.credits()) {
            wrong.add("group " + group + " used " + used + " in " + month + " over a cap of " + cap);
        }
    }

    /** A reservation draws what it holds from granted grants, is made once, and counts against the member's limit. */
    private static void auditReserved(LedgerEntry.CreditsReserved r, Set<Long> granted, Set<RequestId> reservedEver,
            Map<RequestId, LedgerEntry.CreditsReserved> open, Map<MemberId, Map<YearMonth, Long>> usage,
            List<String> wrong) {
        long drawn = r.draws().stream().mapToLong(LedgerEntry.HeldDraw::credits).sum();
        if (drawn != r.credits()) {
            wrong.add("reservation " + r.reservation() + " of " + r.credits() + " drew " + drawn);
        }
        r.draws().stream().filter(d -> !granted.contains(d.grantId())).forEach(d -> wrong.add("reservation "
                + r.reservation() + " drew from grant " + d.grantId() + ", which the ledger never granted"));
        if (!reservedEver.add(r.reservation())) {
            wrong.add("reservation " + r.reservation() + " was made twice");
        }
        open.put(r.reservation(), r);
        long used = usage.computeIfAbsent(r.member(), k -> new HashMap<>())
                .merge(BillingCycle.calendarMonthOf(r.at()), r.credits(), Long::sum);
        if (!r.limit().unlimited() && used > r.limit().credits()) {
            wrong.add(r.member() + " used and held " + used + " in " + BillingCycle.calendarMonthOf(r.at())
                    + " over a limit of " + r.limit());
        }
    }

    /**
     * A reservation ends once, spending at most what it held; what it spent and gave back are exactly its draws;
     * what it gave back in the month it was made in no longer counts in the member's usage.
     */
    private static void auditSettled(LedgerEntry.ReservationSettled s, Set<RequestId> reservedEver,
            Map<RequestId, LedgerEntry.CreditsReserved> open, Map<MemberId, Map<YearMonth, Long>> usage,
            List<String> wrong) {
        LedgerEntry.CreditsReserved r = open.remove(s.reservation());
        if (r == null) {
            wrong.add("reservation " + s.reservation() + (reservedEver.contains(s.reservation())
                    ? " was settled more than once" : " was settled but the ledger never made it"));
            return;
        }
        if (s.reserved() != r.credits() || s.consumed() < 0 || s.consumed() > r.credits()) {
            wrong.add("reservation " + s.reservation() + " held " + r.credits() + " but was settled as "
                    + s.consumed() + " of " + s.reserved());
        }
        Map<Long, Long> held = new HashMap<>();
        r.draws().forEach(d -> held.merge(d.grantId(), d.credits(), Long::sum));
        Map<Long, Long> ended = new HashMap<>();
        s.consumedDraws().forEach(d -> ended.merge(d.grantId(), d.credits(), Long::sum));
        s.releasedDraws().forEach(d -> ended.merge(d.grantId(), d.credits(), Long::sum));
        long consumed = s.consumedDraws().stream().mapToLong(LedgerEntry.Draw::credits).sum();
        if (!held.equals(ended) || consumed != s.consumed()) {
            wrong.add("reservation " + s.reservation() + " held " + held + " from grants but settled "
                    + s.consumedDraws() + " and released " + s.releasedDraws());
        }
        YearMonth month = BillingCycle.calendarMonthOf(r.at());
        if (BillingCycle.calendarMonthOf(s.at()).equals(month)) {
            usage.computeIfAbsent(r.member(), k -> new HashMap<>()).merge(month, s.consumed() - r.credits(),
                    Long::sum);
        }
    }

    /**
     * Counts, once, the top-ups and charges in the ledger of a team stored before the team kept these counts; the
     * team keeps them from then on (stored with this read's transaction), so no later read goes through its history.
     */
    private void countLedger(Team team) {
        long topUps = 0;
        long charges = 0;
        for (LedgerEntry e : commands.store().ledger(team.id())) {
            if (e instanceof LedgerEntry.ChargeAttempted) {
                charges++;
            } else if (e instanceof LedgerEntry.CreditsGranted g && g.source().bought()) {
                topUps++;
            }
        }
        team.countLedger(topUps, charges);
    }

    /** A team as of an instant. */
    private record AsOf(Team team, Instant now) {
    }

    /**
     * The team after the cycle changes due by now, which are stored like any access's. A read does not move the
     * team's last-seen instant, so reading a team whose cycle has not changed writes nothing.
     */
    private Optional<AsOf> upToDate(TeamId teamId) {
        return commands.store().inTransaction(teamId, unit -> unit.team().map(team -> {
            Instant reading = commands.clock().now(teamId);
            Instant now = reading.isAfter(team.lastSeen()) ? reading : team.lastSeen();
            if (!team.ledgerCounted()) {
                countLedger(team);
            }
            commands.catchUp(team, commands.planOf(team), now);
            return new AsOf(team.copy(), now);
        }));
    }
}
