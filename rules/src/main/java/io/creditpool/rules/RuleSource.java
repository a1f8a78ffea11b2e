package io.creditpool.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The DRL files of a policy, by file name: the ones shipped in this module, or every {@code *.drl} in a folder
 * an analyst edits.
 */
public record RuleSource(String origin, Map<String, String> files) {
    /** Where the shipped DRL files and plan table live on the classpath. */
    public static final String CLASSPATH_FOLDER = "io/creditpool/rules/";

    public RuleSource {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .drl files in " + origin);
        }
    }

    /** The rules shipped with Creditpool. */
    public static RuleSource shipped() {
        // the plan table sits beside the DRL files and marks the folder (test classes may share the package)
        URL folder = RuleSource.class.getClassLoader().getResource(CLASSPATH_FOLDER + "plans.csv");
        if (folder == null) {
            throw new IllegalStateException("the shipped rules are not on the classpath at " + CLASSPATH_FOLDER);
        }
        try {
            if ("file".equals(folder.getProtocol())) {
                return folder(Path.of(folder.toURI()).getParent());
            }
            Map<String, String> files = new TreeMap<>();
            JarURLConnection connection = (JarURLConnection) folder.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    String name = e.getName();
                    if (name.startsWith(CLASSPATH_FOLDER) && name.endsWith(".drl")
                            && name.indexOf('/', CLASSPATH_FOLDER.length()) < 0) {
                        try (InputStream in = jar.getInputStream(e)) {
                            files.put(name.substring(CLASSPATH_FOLDER.length()),
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            return new RuleSource("classpath:" + CLASSPATH_FOLDER, files);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the shipped rules", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code *.drl} file directly in {@code folder}. */
    public static RuleSource folder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder " + folder + " does not exist");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path p : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".drl"))::iterator) {
                files.put(p.getFileName().toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading rules from " + folder, e);
        }
        return new RuleSource(folder.toString(), files);
    }
}
