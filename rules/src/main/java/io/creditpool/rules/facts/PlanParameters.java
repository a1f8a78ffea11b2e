package io.creditpool.rules.facts;

/**
 * The parameters of the team's plan, as the plan-parameters decision table ({@code plan-parameters.csv}) sets them
 * for its tier or plan: whether it may have auto top-up, the default monthly cap of a member without a limit of their
 * own, the largest single consumption, and the low-balance level without auto top-up (a percent of the monthly plan
 * credits), and the alerts: the shares of a member's limit and of a group's cap at which the team is told (80 and
 * 100 percent until a row sets others) and the shares of the monthly plan credits left in the pool at which it is told
 * (none until a row sets them). Until a row sets them: no auto top-up, no default cap, no largest consumption
 * ({@code -1} means none), and low below 10 percent (a tenth) of the monthly plan credits.
 */
public final class PlanParameters {
    private final String plan;
    private final String tier;
    private boolean autoTopUpAllowed;
    private long defaultMemberCap = -1;
    private long largestConsumption = -1;
    private long lowBalancePercent = 10;
    private java.util.List<Integer> usageAlerts = java.util.List.of(80, 100);
    private java.util.List<Integer> poolAlerts = java.util.List.of();

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

    /**
     * The shares, in percent, of a member's monthly limit and of a group's monthly cap at which the team is told
     * ({@code limit-approaching}, {@code limit-reached}, {@code group-cap-approaching}, {@code group-cap-reached}).
     */
    public java.util.List<Integer> getUsageAlerts() {
        return usageAlerts;
    }

    /** The usage alerts as a decision table's cell writes them: {@code "80, 100"}, or {@code none}. */
    public void setUsageAlerts(String percents) {
        this.usageAlerts = percents("Usage alerts", percents, 1);
    }

    /** The shares, in percent, of the monthly plan credits left in the pool at which the owner is told ({@code pool-low}). */
    public java.util.List<Integer> getPoolAlerts() {
        return poolAlerts;
    }

    /** The pool alerts as a decision table's cell writes them: {@code "20, 5"}, or {@code none}. */
    public void setPoolAlerts(String percents) {
        this.poolAlerts = percents("Pool alerts", percents, 0);
    }

    /** Percents written {@code 80, 100} (commas, spaces or both between them), or {@code none}. */
    static java.util.List<Integer> percents(String column, String text, int least) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return java.util.List.of();
        }
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (String part : t.split("[,;\\s]+")) {
            String p = part.endsWith("%") ? part.substring(0, part.length() - 1) : part;
            int percent;
            try {
                percent = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(column + ": '" + text + "' is not a list of percents like 80, 100");
            }
            if (percent < least || percent > 100) {
                throw new IllegalArgumentException(column + ": " + percent + " is not a percent from " + least
                        + " to 100");
            }
            out.add(percent);
        }
        return java.util.List.copyOf(out);
    }
}
