package io.creditpool.kernel.domain;

/** Where a grant's credits came from. */
public enum GrantSource {
    PLAN("plan"), TOP_UP("top-up"), AUTO_TOP_UP("auto-top-up");

    private final String word;

    GrantSource(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean bought() {
        return this != PLAN;
    }
}
