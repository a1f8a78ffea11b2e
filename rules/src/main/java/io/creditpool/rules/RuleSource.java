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
 * The rule files of a policy, by file name: the ones shipped in this module, or those in a folder an analyst edits:
 * every {@code *.drl}, every spreadsheet decision table ({@code *.xlsx}) and every CSV decision table (a {@code *.csv}
 * with a {@code RuleTable} cell; the plan table is not one). A spreadsheet's bytes are kept one character per byte
 * (ISO-8859-1), so its text here, and the version made from it, cover its whole content; {@link #bytes} gives them
 * back.
 */
public record RuleSource(String origin, Map<String, String> files) {
    /** Where the shipped DRL files and plan table live on the classpath. */
    public static final String CLASSPATH_FOLDER = "io/creditpool/rules/";

    public RuleSource {
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .drl files (or decision tables) in " + origin);
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
                    if (name.startsWith(CLASSPATH_FOLDER) && name.indexOf('/', CLASSPATH_FOLDER.length()) < 0) {
                        try (InputStream in = jar.getInputStream(e)) {
                            String file = name.substring(CLASSPATH_FOLDER.length());
                            String text = text(file, in.readAllBytes());
                            if (isRuleFile(file, text)) {
                                files.put(file, text);
                            }
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

    /** Every rule file (DRL, or decision table) directly in {@code folder}. */
    public static RuleSource folder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("rules folder " + folder + " does not exist");
        }
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.list(folder)) {
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".drl") || name.endsWith(".xlsx") || name.endsWith(".csv")) {
                    String text = text(name, Files.readAllBytes(p));
                    if (isRuleFile(name, text)) {
                        files.put(name, text);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading rules from " + folder, e);
        }
        return new RuleSource(folder.toString(), files);
    }

    /** Whether {@code name} is a decision table (a spreadsheet, or a CSV decision table) rather than DRL. */
    public static boolean isDecisionTable(String name) {
        return name.endsWith(".xlsx") || name.endsWith(".csv");
    }

    /** The bytes of rule file {@code name}, as they were read. */
    public byte[] bytes(String name) {
        String text = files.get(name);
        return text.getBytes(name.endsWith(".xlsx") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static String text(String name, byte[] bytes) {
        return new String(bytes, name.endsWith(".xlsx") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /**
     * DRL, a spreadsheet, a CSV that holds a decision table (the plan table and other CSV files do not), or the
     * denials table.
     */
    private static boolean isRuleFile(String name, String text) {
        return name.endsWith(".drl") || name.endsWith(".xlsx") || name.equals(DenialTable.FILE)
                || (name.endsWith(".csv") && text.contains("RuleTable"));
    }
}
