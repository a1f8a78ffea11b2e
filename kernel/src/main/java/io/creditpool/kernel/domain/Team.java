package io.creditpool.kernel.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A team and its credit pool: members, open grants, member usage and auto top-up settings. Methods here apply
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
    private final Map<MemberId, Usage> usage;
    private AutoTopUp autoTopUp;
    private final Map<String, PendingPurchase> purchases;
    private long nextGrantId;
    private long nextIntentId;
    private Instant lastSeen;
    private final Creation creation;
    private long balance;
    private final List<LedgerEntry> pending = new ArrayList<>();

    /** How the team was created: the command's content and the decision it got, for replays of the creation. */
    public record Creation(String fingerprint, Decision decision) {
    }

    private Team(TeamId id, String planName, int seats, int anchorDay, Instant createdAt, BillingCycle cycle,
            Map<MemberId, Member> members, List<Grant> grants, Map<MemberId, Usage> usage, AutoTopUp autoTopUp,
            Map<String, PendingPurchase> purchases, long nextGrantId, long nextIntentId, Instant lastSeen,
            Creation creation) {
        this.id = id;
        this.planName = planName;
        this.seats = seats;
        this.anchorDay = anchorDay;
        this.createdAt = createdAt;
        this.cycle = cycle;
        this.members = members;
        this.grants = grants;
        this.usage = usage;
        this.autoTopUp = autoTopUp;
        this.purchases = purchases;
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
                new ArrayList<>(), new LinkedHashMap<>(), AutoTopUp.OFF, new LinkedHashMap<>(), 1, 1, now, creation);
        team.pending.add(new LedgerEntry.SettingChanged(now, owner, "team",
                "created on plan " + planName + " with " + seats + " seats, billing anchor day " + anchorDay));
        return team;
    }

    /** A team as a store read it back. */
    public static Team restore(TeamId id, String planName, int seats, int anchorDay, Instant createdAt,
            BillingCycle cycle, Collection<Member> members, Collection<Grant> grants, Map<MemberId, Usage> usage,
            AutoTopUp autoTopUp, Collection<PendingPurchase> purchases, long nextGrantId, long nextIntentId,
            Instant lastSeen, Creation creation) {
        Map<MemberId, Member> memberMap = new LinkedHashMap<>();
        members.forEach(m -> memberMap.put(m.id(), m));
        List<Grant> open = new ArrayList<>(grants);
        open.sort(Grant.BURN_ORDER);
        Map<String, PendingPurchase> pendingPurchases = new LinkedHashMap<>();
        purchases.forEach(p -> pendingPurchases.put(p.key(), p));
        return new Team(id, planName, seats, anchorDay, createdAt, cycle, memberMap, open,
                new LinkedHashMap<>(usage), autoTopUp, pendingPurchases, nextGrantId, nextIntentId, lastSeen,
                creation);
    }

    /** A deep copy without pending ledger entries, for stores that keep teams in memory. */
    public Team copy() {
        List<Grant> grantCopies = new ArrayList<>(grants.size());
        grants.forEach(g -> grantCopies.add(g.copy()));
        return new Team(id, planName, seats, anchorDay, createdAt, cycle, new LinkedHashMap<>(members), grantCopies,
                new LinkedHashMap<>(usage), autoTopUp, new LinkedHashMap<>(purchases), nextGrantId, nextIntentId,
                lastSeen, creation);
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

    public Map<MemberId, Usage> usage() {
        return Collections.unmodifiableMap(usage);
    }

    public long usageIn(MemberId member, YearMonth month) {
        Usage u = usage.get(member);
        return u == null ? 0 : u.in(month);
    }

    public AutoTopUp autoTopUp() {
        return autoTopUp;
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

    // ---- changing

    public void addMember(MemberId by, MemberId member, Role role, Instant at) {
        members.put(member, new Member(member, role, MemberLimit.UNLIMITED));
        pending.add(new LedgerEntry.SettingChanged(at, by, "member " + member, "invited as " + role.word()));
    }

    public void removeMember(MemberId by, MemberId member, Instant at) {
        members.remove(member);
        pending.add(new LedgerEntry.SettingChanged(at, by, "member " + member, "removed"));
    }

    public void changeRole(MemberId by, MemberId member, Role role, Instant at) {
        members.computeIfPresent(member, (k, m) -> m.withRole(role));
        pending.add(new LedgerEntry.SettingChanged(at, by, "role of " + member, role.word()));
    }

    public void setLimit(MemberId by, MemberId member, MemberLimit limit, Instant at) {
        members.computeIfPresent(member, (k, m) -> m.withLimit(limit));
        pending.add(new LedgerEntry.SettingChanged(at, by, "monthly limit of " + member, limit.toString()));
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
    }

    public void retryPurchaseLater(PendingPurchase purchase) {
        purchases.replace(purchase.key(), purchase);
    }

    public void finishPurchase(String key) {
        purchases.remove(key);
    }

    /** Moves the team into {@code next} and grants its plan credits as the policy decided. */
    public void startCycle(BillingCycle next, GrantTerms terms) {
        cycle = next;
        autoTopUp = autoTopUp.newMonth();
        grant(GrantSource.PLAN, next.start(), terms);
    }

    /** Adds a grant of {@code terms.credits()} and returns it. */
    public Grant grant(GrantSource source, Instant at, GrantTerms terms) {
        Grant grant = Grant.of(nextGrantId++, source, terms.credits(), at, terms);
        pending.add(new LedgerEntry.CreditsGranted(at, grant.id(), source, grant.credits(), grant.expiresAt(),
                terms.rules()));
        if (grant.remaining() > 0) {
            int i = 0;
            while (i < grants.size() && Grant.BURN_ORDER.compare(grants.get(i), grant) <= 0) {
                i++;
            }
            grants.add(i, grant);
            balance += grant.remaining();
        }
        return grant;
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
                it.remove();
            }
        }
    }

    /**
     * Spends {@code credits} for {@code member} from unexpired grants in burn order. The caller has checked that
     * the pool holds them; this method refuses rather than go below zero.
     */
    public LedgerEntry.CreditsConsumed consume(Member member, long credits, Instant at, RequestId requestId) {
        if (credits > balance) {
            throw new IllegalStateException("consumption of " + credits + " exceeds the balance " + balance);
        }
        List<LedgerEntry.Draw> draws = new ArrayList<>(2);
        long wanted = credits;
        Iterator<Grant> it = grants.iterator();
        while (wanted > 0 && it.hasNext()) {
            Grant g = it.next();
            if (g.expiredAt(at)) {
                continue;
            }
            long taken = g.draw(wanted);
            if (taken > 0) {
                draws.add(new LedgerEntry.Draw(g.id(), g.source(), taken));
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
        usage.merge(member.id(), new Usage(month, credits), (old, add) -> old.plus(month, credits));
        LedgerEntry.CreditsConsumed entry = new LedgerEntry.CreditsConsumed(at, member.id(), credits, draws,
                member.limit(), requestId);
        pending.add(entry);
        return entry;
    }

    /** A new idempotency key for one purchase intent: charges for it are made with this key only. */
    public String newPurchaseKey() {
        return id + ":purchase:" + nextIntentId++;
    }

    public void recordCharge(LedgerEntry.ChargeAttempted charge) {
        pending.add(charge);
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
