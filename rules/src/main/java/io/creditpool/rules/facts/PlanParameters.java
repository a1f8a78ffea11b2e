package io.creditpool.rules.facts;

/**
 * The parameters of the team's plan, as the plan-parameters decision table ({@code plan-parameters.csv}) sets them
 * for its tier or plan: whether it may have auto top-up, the default monthly cap of a member without a limit of their
 * own, the largest single consumption, and the low-balance level without auto top-up (a percent of the monthly plan
 * credits). Until a row sets them: no auto top-up, no default cap, no largest consumption ({@code -1} means none),
 * and low below 10 percent (a tenth) of the monthly plan credits.
 */
public final class PlanParameters {
    private final String plan;
    private final String tier;
    private boolean autoTopUpAllowed;
    private long defaultMemberCap = -1;
    private long largestConsumption = -1;
    private long lowBalancePercent = 10;

    public PlanParameters(String plan, String tier) {
        this.plan = plan;
        this.tier = tier;
    }

    /** The plan's name, as in the plan table. */
    public String getPlan() {
        return plan;
    }

    public String getTier() {
        return tier;
    }

    /** Whether teams on the plan may turn auto top-up on. */
    public boolean isAutoTopUpAllowed() {
        return autoTopUpAllowed;
    }

    public void setAutoTopUpAllowed(boolean autoTopUpAllowed) {
        this.autoTopUpAllowed = autoTopUpAllowed;
    }

    /** What a member without a limit of their own may spend a calendar month; -1: no default cap. */
    public long getDefaultMemberCap() {
        return defaultMemberCap;
    }

    public void setDefaultMemberCap(long defaultMemberCap) {
        this.defaultMemberCap = defaultMemberCap;
    }

    /** The most credits one consumption may take; -1: no largest consumption. */
    public long getLargestConsumption() {
        return largestConsumption;
    }

    public void setLargestConsumption(long largestConsumption) {
        this.largestConsumption = largestConsumption;
    }

    /**
     * Without auto top-up, the pool is low below this percent of the monthly plan credits (10: a tenth, the level
     * until a row sets another); 0: never low without auto top-up.
     */
    public long getLowBalancePercent() {
        return lowBalancePercent;
    }

    public void setLowBalancePercent(long lowBalancePercent) {
        this.lowBalancePercent = lowBalancePercent;
    }
}
