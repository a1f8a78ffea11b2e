package io.creditpool.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * One compiled, immutable rule set: the rules, the plan table, and a version that names their contents (the first 12
 * hex digits of a SHA-256 over every DRL file's name and text and every plan), with where they came from and when
 * they were loaded. The same files and plans always give the same version.
 */
public record RuleSet(RuleBase rules, PlanTable plans, String version, String origin, Instant loadedAt) {

    /** The rule set of compiled {@code rules} and {@code plans}, loaded now. */
    public static RuleSet of(RuleBase rules, PlanTable plans) {
        return new RuleSet(rules, plans, version(rules.source(), plans), rules.source().origin(), Instant.now());
    }

    /** The version of {@code source} with {@code plans}, without compiling anything. */
    public static String version(RuleSource source, PlanTable plans) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, String> file : source.files().entrySet()) {
            sha.update(("file " + file.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(file.getValue().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        plans.plans().forEach(p -> sha.update(("plan " + p + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }
}
