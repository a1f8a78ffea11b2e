package io.creditpool.rules.facts;

/**
 * The rules' answer to a command. A rule accepts ({@code setAccepted(true)}) or denies with a stable code
 * ({@code setDenial("member-limit")}); the first denial stands, and a denial outweighs an acceptance.
 */
public final class Verdict {
    private boolean accepted;
    private String denial;
    /** The rule whose action runs on this thread now (Creditpool sets it around each firing); null between them. */
    private static final ThreadLocal<String> FIRING = new ThreadLocal<>();

    /** For Creditpool, around each firing: {@code rule} is firing on this thread now (null: none is). */
    public static void firing(String rule) {
        if (rule == null) {
            FIRING.remove();
        } else {
            FIRING.set(rule);
        }
    }

    /** The rules that accepted, so that a denial names the rules that denied and not those. */
    private final java.util.Set<String> acceptedBy = new java.util.LinkedHashSet<>();

    public boolean isAccepted() {
        return accepted && denial == null;
    }

    public void setAccepted(boolean accepted) {
        this.accepted = accepted;
        String rule = FIRING.get();
        if (accepted && rule != null) {
            acceptedBy.add(rule);
        }
    }

    /** The rules that accepted (their action called {@code setAccepted(true)}). */
    public java.util.Set<String> acceptedBy() {
        return java.util.Collections.unmodifiableSet(acceptedBy);
    }

    public boolean isDenied() {
        return denial != null;
    }

    public String getDenial() {
        return denial;
    }

    public void setDenial(String code) {
        if (denial == null) {
            denial = code;
        }
    }

    public boolean isDecided() {
        return accepted || denial != null;
    }

    /** The notices rules gave, in the order they gave them: code, then message. */
    private final java.util.List<String[]> notices = new java.util.ArrayList<>(0);

    /**
     * Gives a notice instead of denying: the consumption is decided as the other rules decide it, and, when it is
     * accepted, the team is told {@code code} (lower case, digits and hyphens, as a denial code) with {@code message}
     * in a {@code notice} event.
     */
    public void notice(String code, String message) {
        notices.add(new String[] {code, message});
    }

    /** The notices given, each as {code, message}. */
    public java.util.List<String[]> notices() {
        return java.util.Collections.unmodifiableList(notices);
    }
}
