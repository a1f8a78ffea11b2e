package io.creditpool.kernel.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A team and its credit pool: members, open grants, credits held by open reservations, its {@link Budgets} (member
 * and group usage, groups and their caps: what each member may spend) and auto top-up settings. Methods here apply
 * changes the use cases have already decided; each change appends to the pending ledger entries that the store
 * writes with the team in one transaction.
 */
public final class Team {
    private final TeamId id;
    private final String planName;
    private final int seats;
    private final int anchorDay;
    private final Instant createdAt;
    private BillingCycle cycle;
    private final Map<MemberId, Member> members;
    private final List<Grant> grants;
    private final Budgets budgets;
    private AutoTopUp autoTopUp;
    private final Map<String, PendingPurchase> purchases;
    private final Map<RequestId, Reservation> reservations;
    private long nextGrantId;
    private long nextIntentId;
    private Instant lastSeen;
    private final Creation creation;
    private long balance;
    private final List<LedgerEntry> pending = new ArrayList<>();
    /**
     * How many top-ups the ledger has granted and how many charges it has recorded, kept as they happen so that
     * reading a team's figures does not read its history; -1 for a team stored before they were kept, until
     * {@link #countLedger} is told them once.
     */
    private long topUpsGranted;
    private long chargesRecorded;
    /** The parts changed since the store last took them ({@link #drainChanges()}). */
    private Changes changes = Changes.none();

    /**
     * The parts of a team that changed since a store last took them, by key: members and usage by member, open grants
     * by id, reservations by id, pending purchases by key. A key whose part is gone (a removed member, a grant drawn
     * to 0 or expired, a settled reservation, a finished purchase) is here too; the store deletes its row. A store
     * that keeps each part in a row of its own writes these and nothing else, so a command's writes follow what it
     * changed, not the team's size.
     */
    public record Changes(Set<MemberId> members, Set<MemberId> usage, Set<Long> grants, Set<RequestId> reservations,
            Set<String> purchases, Set<GroupId> groups, Set<GroupId> groupUsage) {
        static Changes none() {
            return new Changes(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(),
                    new HashSet<>(), new HashSet<>());
        }

        public boolean isEmpty() {
            return members.isEmpty() && usage.isEmpty() && grants.isEmpty() && reservations.isEmpty()
                    && purchases.isEmpty() && groups.isEmpty() && groupUsage.isEmpty();
        }
    }

    /** How the team was created: the command's content and the decision it got, for replays of the creation. */
    public record Creation(String fingerprint, Decision decision) {
    }

    private Team(TeamId id, String planName, int seats, int anchorDay, Instant createdAt, BillingCycle cycle,
            Map<MemberId, Member> members, List<Grant> grants, Budgets budgets, AutoTopUp autoTopUp,
            Map<String, PendingPurchase> purchases, Map<RequestId, Reservation> reservations, long nextGrantId,
            long nextIntentId, Instant lastSeen, Creation creation) {
        this.id = id;
        this.planName = planName;
        this.seats = seats;
        this.anchorDay = anchorDay;
        this.createdAt = createdAt;
        this.cycle = cycle;
        this.members = members;
        this.grants = grants;
        this.budgets = budgets;
        this.autoTopUp = autoTopUp;
        this.purchases = purchases;
        this.reservations = reservations;
        this.nextGrantId = nextGrantId;
        this.nextIntentId = nextIntentId;
        this.lastSeen = lastSeen;
        this.creation = creation;
        this.balance = grants.stream().mapToLong(Grant::remaining).sum();
    }

    /**
     * A new team with its owner and no credits yet; its first cycle starts at {@code now}. {@code creation} is the
     * creating command's content and decision.
     */
    public static Team create(TeamId id, String planName, int seats, MemberId owner, int anchorDay, Instant now,
            Creation creation) {
        Map<MemberId, Member> members = new LinkedHashMap<>();
        members.put(owner, new Member(owner, Role.OWNER, MemberLimit.UNLIMITED));
        Team team = new Team(id, planName, seats, anchorDay, now, BillingCycle.startingAt(now, anchorDay), members,
                new ArrayList<>(), Budgets.none(), AutoTopUp.OFF, new LinkedHashMap<>(), new LinkedHashMap<>(), 1, 1,
                now, creation);
        team.changes.members().add(owner);
        team.pending.add(new LedgerEntry.SettingChanged(now, owner, "team",
                "created on plan " + planName + " with " + seats + " seats, billing anchor day " + anchorDay));
        return team;
    }

    /** A team without open reservations as a store read it back. */
    public static Team restore(TeamId id, String planName, int seats, int anchorDay, Instant createdAt,
            BillingCycle cycle, Collection<Member> members, Collection<Grant> grants, Map<MemberId, Usage> usage,
            AutoTopUp autoTopUp, Collection<PendingPurchase> purchases, long nextGrantId, long nextIntentId,
            Instant lastSeen, Creation creation) {
        return restore(id, planName, seats, anchorDay, createdAt, cycle, members, grants, usage, autoTopUp, purchases,
                List.of(), nextGrantId, nextIntentId, lastSeen, creation);
    }

    /** A team without groups as a store read it back. */
    public static Team restore(TeamId id, String planName, int seats, int anchorDay, Instant createdAt,
            BillingCycle cycle, Collection<Member> members, Collection<Grant> grants, Map<MemberId, Usage> usage,
            AutoTopUp autoTopUp, Collection<PendingPurchase> purchases, Collection<Reservation> reservations,
            long nextGrantId, long nextIntentId, Instant lastSeen, Creation creation) {
        return restore(id, planName, seats, anchorDay, createdAt, cycle, members, grants, usage, autoTopUp, purchases,
                reservations, List.of(), Map.of(), nextGrantId, nextIntentId, lastSeen, creation);
    }

    /** A team as a store read it back, with its groups and what each group used. */
    public static Team restore(TeamId id, String planName, int seats, int anchorDay, Instant createdAt,
            BillingCycle cycle, Collection<Member> members, Collection<Grant> grants, Map<MemberId, Usage> usage,
            AutoTopUp autoTopUp, Collection<PendingPurchase> purchases, Collection<Reservation> reservations,
            Collection<Group> groups, Map<GroupId, Usage> groupUsage, long nextGrantId, long nextIntentId,
            Instant lastSeen, Creation creation) {
        Map<MemberId, Member> memberMap = new LinkedHashMap<>();
        members.forEach(m -> memberMap.put(m.id(), m));
        List<Grant> open = new ArrayList<>(grants);
        open.sort(Grant.BURN_ORDER);
        Map<String, PendingPurchase> pendingPurchases = new LinkedHashMap<>();
        purchases.forEach(p -> pendingPurchases.put(p.key(), p));
        Map<RequestId, Reservation> held = new LinkedHashMap<>();
        reservations.forEach(r -> held.put(r.id(), r));
        Team team = new Team(id, planName, seats, anchorDay, createdAt, cycle, memberMap, open,
                new Budgets(usage, groups, groupUsage, memberMap.values()), autoTopUp, pendingPurchases, held,
                nextGrantId, nextIntentId, lastSeen, creation);
        team.topUpsGranted = -1;
        team.chargesRecorded = -1;
        return team;
    }

    /** A deep copy without pending ledger entries, for stores that keep teams in memory. */
    public Team copy() {
        List<Grant> grantCopies = new ArrayList<>(grants.size());
        grants.forEach(g -> grantCopies.add(g.copy()));
        Team copy = new Team(id, planName, seats, anchorDay, createdAt, cycle, new LinkedHashMap<>(members), grantCopies,
                budgets.copy(members.values()), autoTopUp, new LinkedHashMap<>(purchases),
                new LinkedHashMap<>(reservations), nextGrantId, nextIntentId, lastSeen, creation);
        copy.topUpsGranted = topUpsGranted;
        copy.chargesRecorded = chargesRecorded;
        return copy;
    }

    // ---- reading

    public TeamId id() {
        return id;
    }

    public String planName() {
        return planName;
    }

    public int seats() {
        return seats;
    }

    public int anchorDay() {
        return anchorDay;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public BillingCycle cycle() {
        return cycle;
    }

    public long balance() {
        return balance;
    }

    /** Whether the team knows its ledger's counts of top-ups and charges (false only for a team stored before). */
    public boolean ledgerCounted() {
        return topUpsGranted >= 0 && chargesRecorded >= 0;
    }

    /** Top-ups (manual and automatic) its ledger has granted; -1 when not {@link #ledgerCounted()}. */
    public long topUpsGranted() {
        return topUpsGranted;
    }

    /** Charges its ledger has recorded, paid or declined; -1 when not {@link #ledgerCounted()}. */
    public long chargesRecorded() {
        return chargesRecorded;
    }

    /**
     * Tells a team stored before the counts were kept what its ledger holds, counted once from the ledger as
     * stored (entries this transaction adds are counted as they are made).
     */
    public void countLedger(long topUps, long charges) {
        if (topUps < 0 || charges < 0) {
            throw new IllegalArgumentException("ledger counts cannot be negative: " + topUps + ", " + charges);
        }
        topUpsGranted = topUps;
        chargesRecorded = charges;
    }

    public Optional<Member> member(MemberId member) {
        return Optional.ofNullable(members.get(member));
    }

    public Collection<Member> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    public Member owner() {
        return members.values().stream().filter(m -> m.role() == Role.OWNER).findFirst().orElseThrow();
    }

    public int seatsUsed() {
        return members.size();
    }

    public int seatsAvailable() {
        return Math.max(0, seats - members.size());
    }

    /** Open grants (credits remaining) in burn order. */
    public List<Grant> grants() {
        return Collections.unmodifiableList(grants);
    }

    public long credits(GrantSource source) {
        long sum = 0;
        for (Grant g : grants) {
            if (g.source() == source) {
                sum += g.remaining();
            }
        }
        return sum;
    }

    /** The team's budgets: usage, groups and caps, and what each member may spend. */
    public Budgets budgets() {
        return budgets;
    }

    public Map<MemberId, Usage> usage() {
        return budgets.usage();
    }

    public long usageIn(MemberId member, YearMonth month) {
        return budgets.usageIn(member, month);
    }

    /** What {@code member} spent in the calendar month before {@code month}. */
    public long usageInMonthBefore(MemberId member, YearMonth month) {
        return budgets.usageInMonthBefore(member, month);
    }

    public AutoTopUp autoTopUp() {
        return autoTopUp;
    }

    /** The team's groups, in the order they were made. */
    public Collection<Group> groups() {
        return budgets.groups();
    }

    public Optional<Group> group(GroupId group) {
        return budgets.group(group);
    }

    /** What each group's members spent, by group id (groups deleted this month among them). */
    public Map<GroupId, Usage> groupUsage() {
        return budgets.groupUsage();
    }

    /** What the members of {@code group} spent (and hold) in calendar month {@code month}, whoever is in it now. */
    public long groupUsageIn(GroupId group, YearMonth month) {
        return budgets.groupUsageIn(group, month);
    }

    /** The members in {@code group} now. */
    public Set<MemberId> membersOf(GroupId group) {
        return budgets.membersOf(group);
    }

    /** The group {@code member}'s spending counts against now: theirs, if they are in one; null otherwise. */
    public Group groupOf(Member member) {
        return budgets.groupOf(member);
    }

    /**
     * What {@code member} can spend in calendar month {@code month}: the least of the pool's balance, what is left of
     * their monthly limit (the owner's or an admin's, and their own) and of their group's cap, and which binds.
     */
    public Spendable spendable(MemberId member, YearMonth month) {
        Member m = members.get(member);
        if (m == null) {
            throw new IllegalArgumentException(member + " is not a member of team " + id);
        }
        return budgets.spendable(m, balance, month);
    }

    /** Top-ups recorded whose charge has no known outcome yet, oldest first. */
    public Collection<PendingPurchase> pendingPurchases() {
        return Collections.unmodifiableCollection(purchases.values());
    }

    public Optional<PendingPurchase> pendingPurchase(String key) {
        return Optional.ofNullable(purchases.get(key));
    }

    /** True while an automatic top-up's charge has no known outcome. */
    public boolean autoTopUpInFlight() {
        for (PendingPurchase p : purchases.values()) {
            if (p.source() == GrantSource.AUTO_TOP_UP) {
                return true;
            }
        }
        return false;
    }

    /** Open reservations, oldest first. */
    public Collection<Reservation> reservations() {
        return Collections.unmodifiableCollection(reservations.values());
    }

    public Optional<Reservation> reservation(RequestId reservation) {
        return Optional.ofNullable(reservations.get(reservation));
    }

    /** Credits held by open reservations: out of the balance, not yet spent. */
    public long held() {
        long sum = 0;
        for (Reservation r : reservations.values()) {
            sum += r.credits();
        }
        return sum;
    }

    /** The open reservation that runs out first, if one has run out by {@code at}. */
    public Optional<Reservation> firstReservationExpiredBy(Instant at) {
        Reservation first = null;
        for (Reservation r : reservations.values()) {
            if (r.expiredAt(at) && (first == null || r.expiresAt().isBefore(first.expiresAt()))) {
                first = r;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The latest instant a command on this team ran at. */
    public Instant lastSeen() {
        return lastSeen;
    }

    public Creation creation() {
        return creation;
    }

    public long nextGrantId() {
        return nextGrantId;
    }

    public long nextIntentId() {
        return nextIntentId;
    }

    /** Ledger entries made since the team was loaded, oldest first. */
    public List<LedgerEntry> pendingLedger() {
        return Collections.unmodifiableList(pending);
    }

    /** Hands the pending ledger entries to the store and forgets them. */
    public List<LedgerEntry> drainPendingLedger() {
        List<LedgerEntry> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** Hands the parts changed since the last call to the store and starts counting afresh. */
    public Changes drainChanges() {
        Changes out = changes;
        changes = Changes.none();
        return out;
    }

    /** The open grant with id {@code grantId}, if it is open. */
    public Optional<Grant> openGrant(long grantId) {
        for (Grant g : grants) {
            if (g.id() == grantId) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    // ---- changing

    public void addMember(MemberId by, MemberId member, Role role, Instant at) {
        members.put(member, new Member(member, role, MemberLimit.UNLIMITED));
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "member " + member, "invited as " + role.word()));
    }

    public void removeMember(MemberId by, MemberId member, Instant at) {
        Member gone = members.remove(member);
        if (gone != null && gone.group() != null) {
            budgets.move(member, gone.group(), null);
        }
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "member " + member, "removed"));
    }

    public void changeRole(MemberId by, MemberId member, Role role, Instant at) {
        members.computeIfPresent(member, (k, m) -> m.withRole(role));
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "role of " + member, role.word()));
    }

    public void setLimit(MemberId by, MemberId member, MemberLimit limit, Instant at) {
        members.computeIfPresent(member, (k, m) -> m.withLimit(limit.chosen()));
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "monthly limit of " + member, limit.toString()));
    }

    /**
     * Sets the limit {@code member} sets themselves ({@link MemberLimit#UNLIMITED}: none of their own, so the owner's
     * or an admin's applies alone); the caller has checked it is not above the owner's or admin's.
     */
    public void setOwnLimit(MemberId member, MemberLimit limit, Instant at) {
        members.computeIfPresent(member, (k, m) -> m.withOwnLimit(limit.unlimited() ? MemberLimit.UNLIMITED : limit));
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, member, "own monthly limit of " + member, limit.toString()));
    }

    // ---- groups

    /** Adds {@code group}, which the caller has checked the team does not have. */
    public void createGroup(MemberId by, Group group, Instant at) {
        if (budgets.hasGroup(group.id())) {
            throw new IllegalStateException("team " + id + " has a group " + group.id() + " already");
        }
        budgets.putGroup(group);
        changes.groups().add(group.id());
        pending.add(new LedgerEntry.SettingChanged(at, by, "group " + group.id(), "created: name "
                + quoted(group.name()) + ", cap " + group.cap()));
    }

    /** Renames group {@code group} ({@code name} null: keeps its name) and sets its cap ({@code cap} null: keeps it). */
    public void changeGroup(MemberId by, GroupId group, String name, GroupCap cap, Instant at) {
        Group g = budgets.group(group).orElseThrow(
                () -> new IllegalStateException("team " + id + " has no group " + group));
        List<String> what = new ArrayList<>(2);
        if (name != null) {
            g = g.withName(name);
            what.add("name " + quoted(g.name()));
        }
        if (cap != null) {
            g = g.withCap(cap);
            what.add("cap " + cap);
        }
        budgets.putGroup(g);
        changes.groups().add(group);
        pending.add(new LedgerEntry.SettingChanged(at, by, "group " + group, String.join(", ", what)));
    }

    /**
     * Deletes group {@code group}: its members are in no group from now on. What it used this calendar month stays
     * counted under its id until the month ends (so a group made again with the same id this month goes on from it);
     * a usage of earlier months is let go. Answers how many members it had.
     */
    public int deleteGroup(MemberId by, GroupId group, Instant at) {
        if (!budgets.hasGroup(group)) {
            throw new IllegalStateException("team " + id + " has no group " + group);
        }
        Budgets.Removed removed = budgets.removeGroup(group, BillingCycle.calendarMonthOf(at));
        changes.groups().add(group);
        for (MemberId m : removed.members()) {
            members.computeIfPresent(m, (k, member) -> member.withGroup(null));
            changes.members().add(m);
        }
        if (removed.usageLetGo()) {
            changes.groupUsage().add(group);
        }
        pending.add(new LedgerEntry.SettingChanged(at, by, "group " + group, "deleted"));
        return removed.members().size();
    }

    /**
     * Moves {@code member} into group {@code to} (null: into none), out of the group they were in. What they spent
     * stays with the group they spent it in. Nothing changes, and nothing is recorded, when they are in {@code to}
     * already.
     */
    public void moveMember(MemberId by, MemberId member, GroupId to, Instant at) {
        Member m = members.get(member);
        if (m == null) {
            throw new IllegalStateException(member + " is not a member of team " + id);
        }
        if (to != null && !budgets.hasGroup(to)) {
            throw new IllegalStateException("team " + id + " has no group " + to);
        }
        if (java.util.Objects.equals(m.group(), to)) {
            return;
        }
        budgets.move(member, m.group(), to);
        members.put(member, m.withGroup(to));
        changes.members().add(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "group of " + member,
                to == null ? GroupId.NONE : to.value()));
    }

    /** {@code text} in double quotes, as JSON writes a string: a group's name in the ledger, read back exactly. */
    public static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public void configureAutoTopUp(MemberId by, AutoTopUp settings, Instant at) {
        autoTopUp = settings.replacing(autoTopUp);
        pending.add(new LedgerEntry.SettingChanged(at, by, "auto top-up", settings.enabled()
                ? "threshold " + settings.threshold() + ", amount " + settings.amount()
                        + (settings.monthlyCap() == null ? "" : ", monthly cap " + settings.monthlyCap())
                : "disabled"));
    }

    /**
     * Records how a top-up's charge ended for auto top-up's safety: an automatic one paid counts against the monthly
     * cap, any paid one ends a run of declines (and a pause), a declined automatic one extends the run. Returns true
     * when this decline paused auto top-up.
     */
    public boolean topUpCharged(GrantSource source, boolean succeeded, long price) {
        boolean wasPaused = autoTopUp.paused();
        if (succeeded) {
            autoTopUp = source == GrantSource.AUTO_TOP_UP ? autoTopUp.paid(price) : autoTopUp.ownerPaid();
        } else if (source == GrantSource.AUTO_TOP_UP) {
            autoTopUp = autoTopUp.declined();
        }
        return !wasPaused && autoTopUp.paused();
    }

    public void setAutoTopUpArmed(boolean armed) {
        autoTopUp = autoTopUp.withArmed(armed);
    }

    /**
     * The instant a command runs at: the clock's reading, but never before an instant this team has already seen
     * (a command that waited for the team while another moved it into a new month runs in that month).
     */
    public Instant observe(Instant clockReading) {
        if (clockReading.isAfter(lastSeen)) {
            lastSeen = clockReading;
        }
        return lastSeen;
    }

    public void startPurchase(PendingPurchase purchase) {
        purchases.put(purchase.key(), purchase);
        changes.purchases().add(purchase.key());
    }

    public void retryPurchaseLater(PendingPurchase purchase) {
        purchases.replace(purchase.key(), purchase);
        changes.purchases().add(purchase.key());
    }

    public void finishPurchase(String key) {
        purchases.remove(key);
        changes.purchases().add(key);
    }

    /** Moves the team into {@code next} and grants its plan credits as the policy decided. */
    public void startCycle(BillingCycle next, GrantTerms terms) {
        cycle = next;
        autoTopUp = autoTopUp.newMonth();
        grant(GrantSource.PLAN, next.start(), terms);
    }

    /**
     * Passes over {@code skipped} whole cycles that ended unseen, up to {@code last} (the last of them): each would
     * have granted plan credits that expired unused at its end, so the pool, the grants and the balance are as if
     * they had run; the ledger records them in one entry, a {@code billing cycles} setting naming how many and
     * from when to when, instead of a grant and an expiry each.
     */
    public void skipCycles(BillingCycle last, long skipped, Instant from) {
        cycle = last;
        autoTopUp = autoTopUp.newMonth();
        pending.add(new LedgerEntry.SettingChanged(last.end(), owner().id(), "billing cycles", skipped
                + " cycles from " + from + " to " + last.end() + " passed unseen: their plan credits were granted "
                + "and expired unused"));
    }

    /** Adds a grant of {@code terms.credits()} and returns it. */
    public Grant grant(GrantSource source, Instant at, GrantTerms terms) {
        Grant grant = Grant.of(nextGrantId++, source, terms.credits(), at, terms);
        pending.add(new LedgerEntry.CreditsGranted(at, grant.id(), source, grant.credits(), grant.expiresAt(),
                terms.rules()));
        if (source.bought() && topUpsGranted >= 0) {
            topUpsGranted++;
        }
        if (grant.remaining() > 0) {
            openInBurnOrder(grant);
            changes.grants().add(grant.id());
            balance += grant.remaining();
        }
        return grant;
    }

    private void openInBurnOrder(Grant grant) {
        int i = 0;
        while (i < grants.size() && Grant.BURN_ORDER.compare(grants.get(i), grant) <= 0) {
            i++;
        }
        grants.add(i, grant);
    }

    /** Expires every grant whose expiry is at or before {@code at}; the ledger dates each at its own expiry. */
    public void expireDueBy(Instant at) {
        Iterator<Grant> it = grants.iterator();
        while (it.hasNext()) {
            Grant g = it.next();
            if (g.expiredAt(at)) {
                long gone = g.expire();
                balance -= gone;
                pending.add(new LedgerEntry.CreditsExpired(g.expiresAt(), g.id(), g.source(), gone));
                changes.grants().add(g.id());
                it.remove();
            }
        }
    }

    /**
     * Spends {@code credits} for {@code member} from unexpired grants in burn order. The caller has checked that
     * the pool holds them; this method refuses rather than go below zero.
     */
    public LedgerEntry.CreditsConsumed consume(Member member, long credits, Instant at, RequestId requestId) {
        List<LedgerEntry.HeldDraw> held = drawInBurnOrder(member, credits, at);
        List<LedgerEntry.Draw> draws = held.size() == 1 ? List.of(held.get(0).draw())
                : held.stream().map(LedgerEntry.HeldDraw::draw).toList();
        Group group = groupOf(member);
        LedgerEntry.CreditsConsumed entry = new LedgerEntry.CreditsConsumed(at, member.id(), credits, draws,
                member.effectiveLimit(), requestId, group == null ? null : group.id(),
                group == null ? null : group.cap());
        pending.add(entry);
        return entry;
    }

    /**
     * Holds {@code credits} for {@code member} until {@code expiresAt} as reservation {@code id}: drawn from
     * unexpired grants in burn order like a consumption, so they leave the balance and count in the member's usage
     * this month at once; nothing is spent until the reservation is settled. The caller has checked that the pool
     * holds them and the member's limit allows them.
     */
    public LedgerEntry.CreditsReserved reserve(Member member, long credits, Instant at, Instant expiresAt,
            RequestId id) {
        if (reservations.containsKey(id)) {
            throw new IllegalStateException("reservation " + id + " is open already");
        }
        if (!expiresAt.isAfter(at)) {
            throw new IllegalStateException("reservation " + id + " would expire at " + expiresAt
                    + ", not after it is made at " + at);
        }
        Group group = groupOf(member);
        List<LedgerEntry.HeldDraw> draws = drawInBurnOrder(member, credits, at);
        reservations.put(id, new Reservation(id, member.id(), credits, draws, at, expiresAt,
                group == null ? null : group.id()));
        changes.reservations().add(id);
        LedgerEntry.CreditsReserved entry = new LedgerEntry.CreditsReserved(at, id, member.id(), credits, draws,
                expiresAt, member.effectiveLimit(), group == null ? null : group.id(),
                group == null ? null : group.cap());
        pending.add(entry);
        return entry;
    }

    /**
     * Ends reservation {@code id} at {@code at}: {@code consumed} of its credits (at most what it holds) are spent,
     * taken from the soonest-expiring of its draws, and the rest goes back to the grants it came from (a grant that
     * had reached 0 is opened again); what goes back to a grant that has expired meanwhile expires at once. The
     * member's usage goes down by the credits given back when they are given back in the calendar month they were
     * reserved in (an earlier month's usage is history). {@code by} is null when the reservation expired.
     */
    public LedgerEntry.ReservationSettled settle(RequestId id, MemberId by, LedgerEntry.Ending ending, long consumed,
            Instant at, RequestId requestId) {
        Reservation r = reservations.get(id);
        if (r == null) {
            throw new IllegalStateException("no open reservation " + id);
        }
        if (consumed < 0 || consumed > r.credits()) {
            throw new IllegalStateException("reservation " + id + " holds " + r.credits() + " credits; " + consumed
                    + " cannot be consumed from it");
        }
        List<LedgerEntry.Draw> spent = new ArrayList<>(2);
        List<LedgerEntry.HeldDraw> returned = new ArrayList<>(2);
        long toSpend = consumed;
        for (LedgerEntry.HeldDraw d : r.draws()) {
            long spend = Math.min(toSpend, d.credits());
            toSpend -= spend;
            if (spend > 0) {
                spent.add(new LedgerEntry.Draw(d.grantId(), d.source(), spend));
            }
            if (d.credits() > spend) {
                returned.add(d.part(d.credits() - spend));
            }
        }
        reservations.remove(id);
        changes.reservations().add(id);
        LedgerEntry.ReservationSettled entry = new LedgerEntry.ReservationSettled(at, id, r.member(), by, ending,
                r.credits(), consumed, spent, returned.stream().map(LedgerEntry.HeldDraw::draw).toList(), requestId);
        pending.add(entry);
        for (LedgerEntry.HeldDraw d : returned) {
            if (d.grantExpiredAt(at)) {
                pending.add(new LedgerEntry.CreditsExpired(at, d.grantId(), d.source(), d.credits()));
            } else {
                giveBack(d);
            }
        }
        long released = r.credits() - consumed;
        YearMonth month = BillingCycle.calendarMonthOf(r.reservedAt());
        if (released > 0 && BillingCycle.calendarMonthOf(at).equals(month)) {
            // back to the group the credits were held in, whichever group the member is in now
            budgets.uncount(r.member(), r.group(), month, released);
            changes.usage().add(r.member());
            if (r.group() != null) {
                changes.groupUsage().add(r.group());
            }
        }
        return entry;
    }

    /** Credits a reservation held go back to their grant, which is opened again if it had reached 0. */
    private void giveBack(LedgerEntry.HeldDraw d) {
        changes.grants().add(d.grantId());
        Grant open = null;
        for (Grant g : grants) {
            if (g.id() == d.grantId()) {
                open = g;
                break;
            }
        }
        if (open != null) {
            open.giveBack(d.credits());
        } else {
            openInBurnOrder(Grant.restore(d.grantId(), d.source(), d.granted(), d.credits(), d.grantedAt(),
                    d.expiresAt(), d.burnPriority()));
        }
        balance += d.credits();
    }

    /**
     * Takes {@code credits} out of unexpired grants in burn order and counts them in the member's usage this
     * calendar month; refuses rather than go below zero.
     */
    private List<LedgerEntry.HeldDraw> drawInBurnOrder(Member member, long credits, Instant at) {
        if (credits > balance) {
            throw new IllegalStateException("taking " + credits + " credits exceeds the balance " + balance);
        }
        List<LedgerEntry.HeldDraw> draws = new ArrayList<>(2);
        long wanted = credits;
        Iterator<Grant> it = grants.iterator();
        while (wanted > 0 && it.hasNext()) {
            Grant g = it.next();
            if (g.expiredAt(at)) {
                continue;
            }
            long taken = g.draw(wanted);
            if (taken > 0) {
                changes.grants().add(g.id());
                draws.add(new LedgerEntry.HeldDraw(g.id(), g.source(), taken, g.credits(), g.grantedAt(),
                        g.expiresAt(), g.burnPriority()));
                wanted -= taken;
            }
            if (g.remaining() == 0) {
                it.remove();
            }
        }
        if (wanted > 0) {
            throw new IllegalStateException("unexpired grants hold less than the balance says");
        }
        balance -= credits;
        YearMonth month = BillingCycle.calendarMonthOf(at);
        GroupId group = budgets.count(member, month, credits);
        changes.usage().add(member.id());
        if (group != null) {
            changes.groupUsage().add(group);
        }
        return draws;
    }

    /** A new idempotency key for one purchase intent, from a store without an installation id. */
    public String newPurchaseKey() {
        return newPurchaseKey("");
    }

    /**
     * A new idempotency key for one purchase intent: charges for it are made with this key only. It begins with the
     * store's installation id ({@code INSTALLATION:TEAM:purchase:N}), so that two stores charging on one processor
     * account (a second deployment, a staging copy) never make the same key for teams of the same id; a store
     * without one makes {@code TEAM:purchase:N}, as every store did before installation ids.
     */
    public String newPurchaseKey(String installation) {
        String prefix = installation == null || installation.isEmpty() ? "" : installation + ":";
        return prefix + id + ":purchase:" + nextIntentId++;
    }

    public void recordCharge(LedgerEntry.ChargeAttempted charge) {
        pending.add(charge);
        if (chargesRecorded >= 0) {
            chargesRecorded++;
        }
    }

    /** Guarantee 1: the balance is the sum of the open grants and never negative. */
    public void checkBalance() {
        long sum = 0;
        for (Grant g : grants) {
            if (g.remaining() < 0) {
                throw new IllegalStateException(id + ": " + g + " is negative");
            }
            sum += g.remaining();
        }
        if (sum != balance || balance < 0) {
            throw new IllegalStateException(id + ": balance " + balance + " but open grants hold " + sum);
        }
    }
}
