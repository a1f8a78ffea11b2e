package io.creditpool.kernel.domain;

import java.util.List;

/**
 * The answer to a command: accepted, or denied with a stable code; always with the names of the rules that
 * decided, the team's balance right after it, and the version of the rule set it was decided with ({@code ""} only
 * for a decision made without a versioned rule set, as in a unit test of the kernel). A replayed request answers
 * with its first decision, so with the version that decided it then.
 */
public record Decision(boolean accepted, DenialCode denial, String reason, List<String> rules, long balance,
        String rulesVersion, RuleDenial ruleDenial) {
    public Decision {
        rules = List.copyOf(rules);
        rulesVersion = rulesVersion == null ? "" : rulesVersion;
        if (accepted == (denial != null)) {
            throw new IllegalArgumentException("an accepted decision has no denial code, a denied one has one");
        }
        if ((denial == DenialCode.RULE_DENIAL) != (ruleDenial != null)) {
            throw new IllegalArgumentException("a denial with a code of the rule set's own names that code");
        }
    }

    /** A decision without a code of the rule set's own. */
    public Decision(boolean accepted, DenialCode denial, String reason, List<String> rules, long balance,
            String rulesVersion) {
        this(accepted, denial, reason, rules, balance, rulesVersion, null);
    }

    /** A decision not yet stamped with a rule set version. */
    public Decision(boolean accepted, DenialCode denial, String reason, List<String> rules, long balance) {
        this(accepted, denial, reason, rules, balance, "");
    }

    /** This decision as decided by rule set {@code version}; one that already names a version keeps it. */
    public Decision stampedWith(String version) {
        return rulesVersion.isEmpty() && version != null && !version.isEmpty()
                ? new Decision(accepted, denial, reason, rules, balance, version, ruleDenial) : this;
    }

    public static Decision accept(List<String> rules, long balance) {
        return new Decision(true, null, "", rules, balance);
    }

    public static Decision deny(DenialCode denial, String reason, List<String> rules, long balance) {
        return new Decision(false, denial, reason, rules, balance);
    }

    /** A denial with a code of the rule set's own denials table; its reason is the table's message, filled in. */
    public static Decision deny(RuleDenial denial, List<String> rules, long balance) {
        return new Decision(false, DenialCode.RULE_DENIAL, denial.message(), rules, balance, "", denial);
    }

    public boolean denied() {
        return !accepted;
    }

    /** {@code accepted} or the denial code (for a code of the rule set's own, that code). */
    public String outcome() {
        return accepted ? "accepted" : ruleDenial != null ? ruleDenial.code() : denial.code();
    }

    /** A kernel reason that starts with the field it is about: {@code by: alice is a member and may not ...}. */
    private static final java.util.regex.Pattern FIELD_FIRST = java.util.regex.Pattern.compile("^([a-z][a-z_]*): ");

    /**
     * The field of the command this denial is about, as the kernel's reason names it first ({@code by} for
     * {@code by: alice is a member and may not buy top-ups}); null when it names none or the rule set wrote the reason.
     */
    public String field() {
        if (ruleDenial != null || reason == null) {
            return null;
        }
        java.util.regex.Matcher m = FIELD_FIRST.matcher(reason);
        return m.find() ? m.group(1) : null;
    }

    /**
     * The reason as a person reads it, without the field it names first ({@code alice is a member and may not buy
     * top-ups}); API clients read the field from {@link #field()}.
     */
    public String reasonForPeople() {
        String field = field();
        return field == null ? reason : reason.substring(field.length() + 2);
    }

    @Override
    public String toString() {
        return outcome() + (reason.isEmpty() ? "" : " (" + reason + ")") + " by " + String.join("; ", rules);
    }
}
