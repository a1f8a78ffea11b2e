package io.creditpool.adapters.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API keys that may call the service. A product key belongs to one host product and sees only that product's
 * teams ({@code /v1}); an operator key belongs to no product and reaches only the {@code /admin} endpoints.
 * A key is {@code cp_ID_SECRET}: the id finds its record, the secret is kept only as a SHA-256 hash (a key is 256
 * random bits, so a fast hash is enough) and compared in constant time. The key itself is shown once, when created.
 */
public interface ApiKeys {
    /** Host product names: lower-case letters, digits and dashes, as in team ids it prefixes. */
    Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** What a key reaches: one product's teams, or the operator's {@code /admin} endpoints. */
    enum Scope {
        PRODUCT, OPERATOR;

        /** How the store and {@code keys list} write it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The scope a stored word names; an unknown word is refused, never taken for a wider scope. */
        public static Scope of(String word) {
            for (Scope s : values()) {
                if (s.word().equals(word)) {
                    return s;
                }
            }
            throw new IllegalStateException("scope: '" + word + "' is not an API key scope (product or operator)");
        }
    }

    /** Who holds a live key: the product (or, for an operator key, the operator's name) and what it reaches. */
    record Holder(String name, Scope scope) {
        public boolean operator() {
            return scope == Scope.OPERATOR;
        }
    }

    /** A key just created: the only time {@code key} is seen. */
    record Created(String id, String product, String key, Scope scope) {
    }

    /** A key as listed: never its secret. */
    record Listed(String id, String product, Instant createdAt, Instant revokedAt, Scope scope) {
        public boolean live() {
            return revokedAt == null;
        }
    }

    /** Creates a product key for {@code product} (see {@link #PRODUCT}). */
    default Created create(String product) {
        return create(product, Scope.PRODUCT);
    }

    /** Creates a key named {@code name} (see {@link #PRODUCT}) with this scope. */
    Created create(String name, Scope scope);

    /** Every key, live or revoked, oldest first. */
    List<Listed> list();

    /** Revokes a key by id; false when there is no live key with that id. */
    boolean revoke(String id);

    /** Who holds a presented key, if it is a live key. */
    Optional<Holder> holder(String presentedKey);

    /** The product a presented key belongs to, if it is a live product key (an operator key has none). */
    default Optional<String> product(String presentedKey) {
        return holder(presentedKey).filter(h -> !h.operator()).map(Holder::name);
    }

    /** The parts of a new key: its id, its secret, the secret's hash. */
    record Minted(String id, String secret, String hash) {
        public String key() {
            return "cp_" + id + "_" + secret;
        }
    }

    /** A new random key for {@code product} (a product's or an operator's name), checking the name. */
    static Minted mint(String product) {
        if (product == null || !PRODUCT.matcher(product).matches()) {
            throw new IllegalArgumentException("product: '" + product + "' is not a product name (lower-case "
                    + "letters, digits and dashes, at most 40)");
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[6];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).replace('_', '.');
        return new Minted(HexFormat.of().formatHex(id), secretText, hash(secretText));
    }

    /** A presented key's id and secret, if it has the shape of a key. */
    static Optional<String[]> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("cp_([0-9a-f]{12})_([A-Za-z0-9.-]{43})").matcher(presented);
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
    }

    /** SHA-256 of a secret, in hex. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** Whether {@code secret} hashes to {@code storedHash}, in time that does not depend on where they differ. */
    static boolean matches(String secret, String storedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
