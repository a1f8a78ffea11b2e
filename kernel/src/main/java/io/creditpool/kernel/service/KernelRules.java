package io.creditpool.kernel.service;

/**
 * Names of the checks the kernel makes itself, whatever the rules say. A decision names them like the rules it
 * quotes from the DRL files.
 */
public final class KernelRules {
    public static final String WELL_FORMED = "Commands must name a known team, member and plan";
    public static final String ONLY_MEMBERS_SPEND = "Only members of the team spend from its pool";
    public static final String OWNER_BUYS_TOP_UPS = "Only the owner buys top-ups";
    public static final String MANAGERS_MANAGE_MEMBERS = "Only the owner and admins manage members";
    public static final String MANAGERS_SET_LIMITS = "Only the owner and admins set member limits";
    public static final String MANAGERS_CONFIGURE_AUTO_TOP_UP = "Only the owner and admins configure auto top-up";
    public static final String ONE_OWNER = "A team has exactly one owner, who cannot be removed or demoted";
    public static final String SEATS = "Every member takes a seat";
    public static final String NEVER_NEGATIVE = "The balance never goes below zero";
    public static final String LIMIT_HOLDS = "A limited member never goes over their monthly limit";
    public static final String REQUEST_ONCE = "A request id applies at most once";
    public static final String CHARGE_BEFORE_GRANT = "Top-up credits are granted only after the charge succeeded";
    public static final String ONE_AUTO_TOP_UP_IN_FLIGHT = "At most one auto top-up is in flight per team";
    public static final String ONE_PURCHASE_PER_CROSSING =
            "One crossing of the auto top-up threshold buys the configured amount at most once";
    public static final String AUTO_TOP_UP_PAUSES = "Auto top-up pauses after " + io.creditpool.kernel.domain.AutoTopUp
            .DECLINES_BEFORE_PAUSE + " declined charges in a row, until it is configured again or the owner pays";
    public static final String AUTO_TOP_UP_CAP = "Auto top-ups never spend more than the monthly cap";
    public static final String TOP_UPS_ARE_PAID = "A top-up costs more than nothing: credits are never granted for free";
    public static final String GRANT_WHAT_WAS_BOUGHT = "A top-up grants exactly the credits that were bought";
    public static final String RESERVER_SETTLES =
            "Only the member who reserved, the owner and admins settle or release a reservation";
    public static final String SETTLE_ONCE_WITHIN_HOLD =
            "A reservation is settled once, with at most the credits it holds; the rest goes back to the pool";
    public static final String RULES_MUST_DECIDE = "The rules must accept or deny";
    public static final String MANAGERS_MANAGE_GROUPS =
            "Only the owner and admins manage groups and move members between them";
    public static final String ONE_GROUP = "A member belongs to at most one group";
    public static final String GROUP_CAP_HOLDS = "A group never goes over its monthly cap";
    public static final String USAGE_STAYS_WITH_GROUP =
            "What a member spent stays with the group it was spent in until the month ends";
    public static final String OWN_LIMIT_ONLY_LOWERS =
            "A member may lower their own limit, never raise it above the one the owner or an admin set";

    private KernelRules() {
    }
}
