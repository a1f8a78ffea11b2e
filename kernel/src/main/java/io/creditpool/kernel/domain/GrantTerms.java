package io.creditpool.kernel.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the policy decided for a new grant: how many credits, when they expire (null: never),
 * their burn priority, and the rules that decided.
 */
public record GrantTerms(long credits, Instant expiresAt, int burnPriority, List<String> rules) {
    public GrantTerms {
        rules = List.copyOf(rules);
    }
}
