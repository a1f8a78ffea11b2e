package io.creditpool.rules.facts;

/** One consumption as the rules see it. {@code limit} means nothing when {@code limited} is false. */
public final class Consumption {
    private final String tier;
    private final long credits;
    private final long balance;
    private final long usageThisMonth;
    private final boolean limited;
    private final long limit;
    private final long monthlyPlanCredits;

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
}
