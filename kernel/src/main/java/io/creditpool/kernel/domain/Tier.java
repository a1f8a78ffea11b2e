package io.creditpool.kernel.domain;

import java.util.Locale;

/** The tier of a plan. Auto top-up is an enterprise feature. */
public enum Tier {
    STANDARD, ENTERPRISE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier parse(String field, String word) {
        for (Tier tier : values()) {
            if (tier.word().equals(word)) {
                return tier;
            }
        }
        throw new InvalidInputException(field, "'" + word + "' is not a tier (standard or enterprise)");
    }
}
