package io.creditpool.kernel.port.out;

import java.util.regex.Pattern;

/**
 * A notice a rule gives instead of denying: a stable {@code code} in the words of denial codes (lower case, digits and
 * hyphens, as {@code design-quarter-end}) and a {@code message} people read. An accepted consumption that a rule gave
 * notices on tells each as a {@code notice} event, stored with the consumption.
 */
public record RuleNotice(String code, String message) {
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /** The longest message a notice may carry. */
    public static final int MESSAGE_MAX = 500;

    public RuleNotice {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalStateException("a rule gave a notice with code '" + code + "'; a notice's code is 1 to 64 "
                    + "lower-case letters, digits and hyphens, starting with a letter");
        }
        if (message == null || message.isBlank() || message.length() > MESSAGE_MAX) {
            throw new IllegalStateException("a rule gave notice '" + code + "' with "
                    + (message == null || message.isBlank() ? "no message" : "a message of " + message.length()
                            + " characters") + "; a notice says something people read, in at most " + MESSAGE_MAX
                    + " characters");
        }
    }
}
