package io.creditpool.rules.facts;

/**
 * The rules' answer to a command. A rule accepts ({@code setAccepted(true)}) or denies with a stable code
 * ({@code setDenial("member-limit")}); the first denial stands, and a denial outweighs an acceptance.
 */
public final class Verdict {
    private boolean accepted;
    private String denial;

    public boolean isAccepted() {
        return accepted && denial == null;
    }

    public void setAccepted(boolean accepted) {
        this.accepted = accepted;
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
}
