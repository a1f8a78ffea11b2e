package io.creditpool.kernel.domain;

/** The stable codes a command can be denied with. Host products may switch on them; they never change. */
public enum DenialCode {
    INVALID_INPUT("invalid-input"),
    UNKNOWN_TEAM("unknown-team"),
    UNKNOWN_MEMBER("unknown-member"),
    NOT_ALLOWED("not-allowed"),
    REQUEST_CONFLICT("request-conflict"),
    PLAN_NOT_ELIGIBLE("plan-not-eligible"),
    NO_SEATS("no-seats"),
    MEMBER_LIMIT("member-limit"),
    /** The consumption would take the member's group past its monthly cap. */
    GROUP_CAP("group-cap"),
    INSUFFICIENT_CREDITS("insufficient-credits"),
    PAYMENT_DECLINED("payment-declined"),
    /**
     * Not final: the processor's answer did not arrive. Nothing is granted yet; the purchase is completed with the
     * same idempotency key later, and replaying the request id gives the final decision.
     */
    PAYMENT_PENDING("payment-pending"),
    /** The rules neither accepted nor denied; the kernel denies rather than guess. */
    NO_DECISION("no-decision"),
    /**
     * Denied by the rules with a code of the rule set's own (its denials table): {@link Decision#ruleDenial()} has
     * that code, its title, HTTP status and message, and {@link Decision#outcome()} is that code.
     */
    RULE_DENIAL("rule-denial");

    private final String code;

    DenialCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The denial for a code a rule gave, or null when no denial has that code. */
    public static DenialCode fromCode(String code) {
        for (DenialCode denial : values()) {
            if (denial.code.equals(code)) {
                return denial;
            }
        }
        return null;
    }
}
