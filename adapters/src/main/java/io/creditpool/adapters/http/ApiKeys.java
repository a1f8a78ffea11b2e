package io.creditpool.adapters.http;

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
 * The API keys that may call the service. A key belongs to one host product and sees only that product's teams.
 * A key is {@code cp_ID_SECRET}: the id finds its record, the secret is kept only as a SHA-256 hash (a key is 256
 * random bits, so a fast hash is enough) and compared in constant time. The key itself is shown once, when created.
 */
public interface ApiKeys {
    /** Host product names: lower-case letters, digits and dashes, as in team ids it prefixes. */
    Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** A key just created: the only time {@code key} is seen. */
    record Created(String id, String product, String key) {
    }

    /** A key as listed: never its secret. */
    record Listed(String id, String product, Instant createdAt, Instant revokedAt) {
        public boolean live() {
            return revokedAt == null;
        }
    }

    /** Creates a key for {@code product} (see {@link #PRODUCT}). */
    Created create(String product);

    /** Every key, live or revoked, oldest first. */
    List<Listed> list();

    /** Revokes a key by id; false when there is no live key with that id. */
    boolean revoke(String id);

    /** The product a presented key belongs to, if it is a live key. */
    Optional<String> product(String presentedKey);

    /** The parts of a new key: its id, its secret, the secret's hash. */
    record Minted(String id, String secret, String hash) {
        public String key() {
            return "cp_" + id + "_" + secret;
        }
    }

    /** A new random key for {@code product}, checking the product's name. */
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
