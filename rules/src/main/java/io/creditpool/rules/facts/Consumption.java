package io.creditpool.rules.facts;

/**
 * One consumption as the rules see it. {@code limit} means nothing when {@code limited} is false. The team and the
 * member who consumes are named in the business's words (team id, plan, seats, member id, role, whether their limit
 * was set); a fact made without them has empty words and zeros.
 */
public final class Consumption {
    private final String tier;
    private final long credits;
    private final long balance;
    private final long usageThisMonth;
    private long usageLastMonth;
    private final boolean limited;
    private final long limit;
    private final long monthlyPlanCredits;
    private String teamId = "";
    private String plan = "";
    private int seats;
    private int seatsUsed;
    private String memberId = "";
    private String role = "";
    private boolean limitExplicit;
    private long planCredits;
    private long topUpCredits;
    private boolean ownLimited;
    private long ownLimit = -1;
    private String group = "";
    private String groupName = "";
    private boolean groupCapped;
    private long groupCap = -1;
    private long groupUsageThisMonth;
    private java.time.LocalDate date;

    public Consumption(String tier, long credits, long balance, long usageThisMonth, boolean limited, long limit) {
        this(tier, credits, balance, usageThisMonth, limited, limit, 0);
    }

    public Consumption(String tier, long credits, long balance, long usageThisMonth, boolean limited, long limit,
            long monthlyPlanCredits) {
        this.monthlyPlanCredits = monthlyPlanCredits;
        this.tier = tier;
        this.credits = credits;
        this.balance = balance;
        this.usageThisMonth = usageThisMonth;
        this.limited = limited;
        this.limit = limit;
    }

    public String getTier() {
        return tier;
    }

    /** Credits the member asks to spend. */
    public long getCredits() {
        return credits;
    }

    /** What the pool holds before this consumption. */
    public long getBalance() {
        return balance;
    }

    /** What the pool would hold after it. */
    public long getBalanceAfter() {
        return balance - credits;
    }

    public long getUsageThisMonth() {
        return usageThisMonth;
    }

    /** The member's usage this month if this consumption were accepted. */
    public long getUsageAfter() {
        return usageThisMonth + credits;
    }

    public boolean isLimited() {
        return limited;
    }

    public long getLimit() {
        return limit;
    }

    /** What the team's plan grants per billing month for all its seats. */
    public long getMonthlyPlanCredits() {
        return monthlyPlanCredits;
    }

    /**
     * This consumption with the team and member it concerns: {@code role} is {@code owner}, {@code admin} or
     * {@code member}; {@code limitExplicit} whether the owner or an admin set the member's limit (a number or
     * unlimited) rather than leaving the default.
     */
    public Consumption about(String teamId, String plan, int seats, int seatsUsed, String memberId, String role,
            boolean limitExplicit, long planCredits, long topUpCredits) {
        this.teamId = teamId;
        this.plan = plan;
        this.seats = seats;
        this.seatsUsed = seatsUsed;
        this.memberId = memberId;
        this.role = role;
        this.limitExplicit = limitExplicit;
        this.planCredits = planCredits;
        this.topUpCredits = topUpCredits;
        return this;
    }

    /** This consumption with what the member spent in the last calendar month. */
    public Consumption withUsageLastMonth(long usageLastMonth) {
        this.usageLastMonth = usageLastMonth;
        return this;
    }

    /**
     * What the member spent in the last calendar month (UTC), settled and held credits counted as in
     * {@link #getUsageThisMonth()}; 0 when they spent nothing then.
     */
    public long getUsageLastMonth() {
        return usageLastMonth;
    }

    /** The team's id. */
    public String getTeamId() {
        return teamId;
    }

    /** The name of the team's plan, as in the plan table. */
    public String getPlan() {
        return plan;
    }

    /** Seats the team bought. */
    public int getSeats() {
        return seats;
    }

    /** Seats taken by members (the owner included). */
    public int getSeatsUsed() {
        return seatsUsed;
    }

    /** Seats bought and not taken. */
    public int getSeatsAvailable() {
        return Math.max(0, seats - seatsUsed);
    }

    /** The id of the member who consumes. */
    public String getMemberId() {
        return memberId;
    }

    /** The consuming member's role: {@code owner}, {@code admin} or {@code member}. */
    public String getRole() {
        return role;
    }

    /** Whether the owner or an admin set the member's limit (a number, or unlimited by choice). */
    public boolean isLimitExplicit() {
        return limitExplicit;
    }

    /** Whether the member is unlimited only because no limit was ever set for them. */
    public boolean isUnlimitedByDefault() {
        return !limited && !limitExplicit;
    }

    /** The part of the pool's balance that is this cycle's plan credits. */
    public long getPlanCredits() {
        return planCredits;
    }

    /** The part of the pool's balance that is top-up credits (bought by the owner or automatically). */
    public long getTopUpCredits() {
        return topUpCredits;
    }

    /**
     * This consumption with the limit the member set themselves, below the one the owner or an admin set
     * ({@code ownLimited} false: they set none).
     */
    public Consumption withOwnLimit(boolean ownLimited, long ownLimit) {
        this.ownLimited = ownLimited;
        this.ownLimit = ownLimited ? ownLimit : -1;
        return this;
    }

    /**
     * This consumption of a member of group {@code group} (named {@code groupName}), whose members spent (and hold)
     * {@code groupUsageThisMonth} this calendar month; {@code groupCapped} false: the group has no cap.
     */
    public Consumption inGroup(String group, String groupName, boolean groupCapped, long groupCap,
            long groupUsageThisMonth) {
        this.group = group;
        this.groupName = groupName;
        this.groupCapped = groupCapped;
        this.groupCap = groupCapped ? groupCap : -1;
        this.groupUsageThisMonth = groupUsageThisMonth;
        return this;
    }

    /** Whether the member set a monthly limit of their own (at most the owner's or admin's). */
    public boolean isOwnLimited() {
        return ownLimited;
    }

    /** The monthly limit the member set themselves (meaningless when {@code ownLimited} is false). */
    public long getOwnLimit() {
        return ownLimit;
    }

    /** Whether the member belongs to a group. */
    public boolean isGrouped() {
        return !group.isEmpty();
    }

    /** The id of the member's group; empty when they are in none. */
    public String getGroup() {
        return group;
    }

    /** The name of the member's group, as people read it; empty when they are in none. */
    public String getGroupName() {
        return groupName;
    }

    /** Whether the member's group has a monthly cap. */
    public boolean isGroupCapped() {
        return groupCapped;
    }

    /** The group's monthly cap (meaningless when {@code groupCapped} is false). */
    public long getGroupCap() {
        return groupCap;
    }

    /** What the group's members spent (and hold) this calendar month, whoever is in it now. */
    public long getGroupUsageThisMonth() {
        return groupUsageThisMonth;
    }

    /** The group's usage this month if this consumption were accepted. */
    public long getGroupUsageAfter() {
        return groupUsageThisMonth + credits;
    }

    /** This consumption decided on {@code at} (the day in UTC, as calendar months are). */
    public Consumption on(java.time.Instant at) {
        this.date = at == null ? null : at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return this;
    }

    /** The day the consumption is decided on, in UTC; null when the caller gave none. */
    public java.time.LocalDate getDate() {
        return date;
    }

    /**
     * The days left in the calendar quarter after today: 0 on its last day (March 31, June 30, September 30,
     * December 31), 6 or less in its last week; -1 when no date was given.
     */
    public long getDaysLeftInQuarter() {
        if (date == null) {
            return -1;
        }
        int lastMonth = ((date.getMonthValue() - 1) / 3) * 3 + 3;
        java.time.LocalDate end = java.time.YearMonth.of(date.getYear(), lastMonth).atEndOfMonth();
        return java.time.temporal.ChronoUnit.DAYS.between(date, end);
    }

    /**
     * What the member can spend before this consumption: the least of the pool's balance, what is left of their
     * monthly limit (the owner's or an admin's, and their own) and what is left of their group's cap.
     */
    public long getSpendable() {
        return spendable().credits();
    }

    /**
     * Which of them binds what the member can spend: {@code member-limit}, {@code own-limit}, {@code group-cap} or
     * {@code pool}.
     */
    public String getBoundBy() {
        return spendable().bound().word();
    }

    private io.creditpool.kernel.domain.Spendable spendable() {
        io.creditpool.kernel.domain.MemberLimit admins = limited
                ? io.creditpool.kernel.domain.MemberLimit.of(limit) : io.creditpool.kernel.domain.MemberLimit.UNLIMITED;
        io.creditpool.kernel.domain.MemberLimit own = ownLimited
                ? io.creditpool.kernel.domain.MemberLimit.of(ownLimit) : io.creditpool.kernel.domain.MemberLimit.UNLIMITED;
        long groupLeft = groupCapped ? Math.max(0, groupCap - groupUsageThisMonth) : Long.MAX_VALUE;
        return io.creditpool.kernel.domain.Spendable.of(balance, usageThisMonth, admins, own, groupLeft);
    }

    /** What is left of the group's cap this month before this consumption; -1 when the member's group has no cap. */
    public long getGroupLeft() {
        return groupCapped ? Math.max(0, groupCap - groupUsageThisMonth) : -1;
    }
}
