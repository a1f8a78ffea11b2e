package io.creditpool.kernel.domain;

import java.util.Set;

/**
 * A denial with a code of the rule set's own, from the denials table of its rules folder: the code the rules denied
 * with, a title, the HTTP status it answers with (402, 403 or 422) and the message the member is shown, its
 * placeholders filled in.
 */
public record RuleDenial(String code, String title, int status, String message) {
    /** The statuses a denial of the rules may answer with: payment required, forbidden, unprocessable. */
    public static final Set<Integer> STATUSES = Set.of(402, 403, 422);

    public RuleDenial {
        if (code == null || !code.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new InvalidInputException("code", "a denial code is a lower-case word or words joined by '-', "
                    + "such as too-large; was '" + code + "'");
        }
        if (DenialCode.fromCode(code) != null) {
            throw new InvalidInputException("code", "'" + code + "' is a denial code of Creditpool's own; a rule "
                    + "set's table adds codes, it does not redefine them");
        }
        if (title == null || title.isBlank()) {
            throw new InvalidInputException("title", "is required");
        }
        if (!STATUSES.contains(status)) {
            throw new InvalidInputException("status", "must be 402, 403 or 422; was " + status);
        }
        if (message == null || message.isBlank()) {
            throw new InvalidInputException("message", "is required");
        }
    }
}
