package io.creditpool.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Rule sets compiled before, found by the hash of their files so that a start on unchanged rules compiles nothing: the
 * shipped rules are compiled when Creditpool is built (a resource beside them, {@code compiled/HASH.kjar}); any other
 * set is compiled once and kept in a cache folder ({@code creditpool.rules.cache}, else
 * {@code CREDITPOOL_RULES_CACHE}, else {@code ~/.cache/creditpool/rules}; {@code off} keeps nothing). A compiled set
 * is the module Drools builds (its executable model's classes, which call the fact classes); the hash covers every
 * file's name and text, the fact classes and the Drools version, so an edit, a new file, a changed fact or another
 * Drools compiles afresh. A cache entry that cannot be read is
 * compiled again and replaced.
 */
final class CompiledRules {
    static final String PROPERTY = "creditpool.rules.cache";
    static final String VARIABLE = "CREDITPOOL_RULES_CACHE";
    /** Where the build puts the shipped rules compiled, on the class path. */
    static final String SHIPPED_FOLDER = RuleSource.CLASSPATH_FOLDER + "compiled/";

    /** A hash of the fact classes the rules are compiled against. */
    private static final String FACTS = factsHash();

    private CompiledRules() {
    }

    /** Hashes the name and bytes of every class in the facts package, from a jar or a classes folder. */
    private static String factsHash() {
        String folder = "io/creditpool/rules/facts/";
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            java.net.URL location = io.creditpool.rules.facts.Verdict.class.getProtectionDomain().getCodeSource()
                    .getLocation();
            Path root = Path.of(location.toURI());
            java.util.TreeMap<String, byte[]> classes = new java.util.TreeMap<>();
            if (Files.isDirectory(root)) {
                try (var files = Files.walk(root.resolve(folder))) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        classes.put(root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (var jar = new java.util.jar.JarFile(root.toFile())) {
                    for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                        var e = entries.nextElement();
                        if (e.getName().startsWith(folder) && !e.isDirectory()) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            classes.forEach((name, bytes) -> {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (Exception e) {
            // without a hash of the facts nothing compiled before can be trusted: a hash no cache entry has
            return "unknown-" + System.nanoTime();
        }
    }

    /** The hash naming {@code source}'s compiled form: its files and the Drools that compiles them. */
    static String hash(RuleSource source) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // the form of what is kept (a module with its descriptor), the compiler and the facts it compiled against
        sha.update(("creditpool-compiled-rules 1\ndrools " + droolsVersion() + "\nfacts " + FACTS + "\n")
                .getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> file : source.files().entrySet()) {
            sha.update(("file " + file.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(file.getValue().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    }

    /** The compiled form of {@code source}, if the build or the cache has it. */
    static Optional<byte[]> find(RuleSource source) {
        String name = hash(source) + ".kjar";
        try (InputStream in = CompiledRules.class.getClassLoader().getResourceAsStream(SHIPPED_FOLDER + name)) {
            if (in != null) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            // not readable: compiled again
        }
        Optional<Path> folder = folder();
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Path file = folder.get().resolve(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code compiled} as {@code source}'s compiled form; a cache that cannot be written is left alone. */
    static void keep(RuleSource source, byte[] compiled) {
        Optional<Path> folder = folder();
        if (folder.isEmpty()) {
            return;
        }
        try {
            write(folder.get(), source, compiled);
        } catch (IOException | UncheckedIOException e) {
            // the cache only saves time: a start on the same rules compiles them again
        }
    }

    /** Writes {@code compiled} under {@code folder}, atomically, as {@code HASH.kjar}. */
    static Path write(Path folder, RuleSource source, byte[] compiled) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(hash(source) + ".kjar");
        Path partial = Files.createTempFile(folder, "compiling-", ".part");
        Files.write(partial, compiled);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Forgets a cache entry that could not be loaded. */
    static void forget(RuleSource source) {
        folder().ifPresent(f -> {
            try {
                Files.deleteIfExists(f.resolve(hash(source) + ".kjar"));
            } catch (IOException e) {
                // left for the next write to replace
            }
        });
    }

    /** The cache folder, unless caching is off. */
    static Optional<Path> folder() {
        String value = System.getProperty(PROPERTY, System.getenv(VARIABLE));
        if (value != null && value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        if (value != null && !value.isBlank()) {
            return Optional.of(Path.of(value));
        }
        String home = System.getProperty("user.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".cache", "creditpool", "rules"));
    }

    private static String droolsVersion() {
        Package p = org.kie.api.KieServices.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /**
     * At build time: compiles the shipped rules into {@code args[0]} (the module's classes folder), so that Creditpool
     * starts without compiling them.
     */
    public static void main(String[] args) throws IOException {
        RuleSource shipped = RuleSource.shipped();
        byte[] compiled = RuleBase.compile(shipped);
        Path folder = Path.of(args[0]).resolve(SHIPPED_FOLDER);
        if (Files.isDirectory(folder)) {
            // the shipped rules of an earlier build: only the current ones go into the jar
            try (var old = Files.list(folder)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
        }
        Path written = write(folder, shipped, compiled);
        System.out.println("compiled the shipped rules into " + written);
    }
}
