package io.creditpool.kernel.domain;

import java.util.regex.Pattern;

/**
 * The tier of a plan: a word the plan table gives and the rules test (auto top-up, for one, is for the
 * {@code enterprise} tier in the shipped rules). Analysts add tiers by naming them in the plan table; the kernel
 * gives no tier a meaning of its own.
 */
public record Tier(String word) {
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** The tiers of the shipped plans. */
    public static final Tier STANDARD = new Tier("standard");
    public static final Tier ENTERPRISE = new Tier("enterprise");

    public Tier {
        check("tier", word);
    }

    /** The tier named {@code word}, or an error naming {@code field}. */
    public static Tier parse(String field, String word) {
        check(field, word);
        return new Tier(word);
    }

    private static void check(String field, String word) {
        if (word == null || !WORD.matcher(word).matches()) {
            throw new InvalidInputException(field, "'" + word + "' is not a tier: a tier is a lower-case word of "
                    + "letters, digits and hyphens, at most 32 long, such as standard or enterprise");
        }
    }

    @Override
    public String toString() {
        return word;
    }
}
