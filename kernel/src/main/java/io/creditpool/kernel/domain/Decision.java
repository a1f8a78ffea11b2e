package io.creditpool.kernel.domain;

import java.util.List;

/**
 * The answer to a command: accepted, or denied with a stable code; always with the names of the rules that
 * decided and the team's balance right after it.
 */
public record Decision(boolean accepted, DenialCode denial, String reason, List<String> rules, long balance) {
    public Decision {
        rules = List.copyOf(rules);
        if (accepted == (denial != null)) {
            throw new IllegalArgumentException("an accepted decision has no denial code, a denied one has one");
        }
    }

    public static Decision accept(List<String> rules, long balance) {
        return new Decision(true, null, "", rules, balance);
    }

    public static Decision deny(DenialCode denial, String reason, List<String> rules, long balance) {
        return new Decision(false, denial, reason, rules, balance);
    }

    public boolean denied() {
        return !accepted;
    }

    /** {@code accepted} or the denial code. */
    public String outcome() {
        return accepted ? "accepted" : denial.code();
    }

    @Override
    public String toString() {
        return outcome() + (reason.isEmpty() ? "" : " (" + reason + ")") + " by " + String.join("; ", rules);
    }
}
