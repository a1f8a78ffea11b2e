package io.creditpool.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the documentation tests read of a Markdown file: its headings, its links, and the fenced blocks of a section. */
final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

    private Markdown() {
    }

    /** The repository's root: the acceptance tests run in {@code acceptance-tests/}. */
    static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("acceptance-tests"))) {
            throw new IllegalStateException("not the repository's root: " + root);
        }
        return root;
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    /** The lines outside fenced code blocks, each with its line number (1-based), fences themselves left out. */
    static Map<Integer, String> prose(List<String> lines) {
        Map<Integer, String> prose = new java.util.LinkedHashMap<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced) {
                prose.put(i + 1, line);
            }
        }
        return prose;
    }

    /** The anchors GitHub gives the file's headings: lower case, punctuation but '-' and '_' removed, spaces to '-'. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(lines).values()) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** GitHub's slug of a heading's text. */
    static String slug(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    /** A link of a file: where it stands and where it points. */
    record Link(int line, String target) {
    }

    /** Every link and image in the file's prose, inline code left out. */
    static List<Link> links(List<String> lines) {
        List<Link> links = new ArrayList<>();
        prose(lines).forEach((number, line) -> {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(number, link.group(2)));
            }
        });
        return links;
    }

    /** A fenced block: its language and its lines. */
    record Block(String language, List<String> lines) {
    }

    /** The fenced blocks between the heading {@code heading} (exactly) and the next heading of its level or above. */
    static List<Block> blocks(List<String> lines, String heading) {
        int level = heading.indexOf(' ');
        List<Block> blocks = new ArrayList<>();
        boolean inSection = false;
        List<String> current = null;
        String language = null;
        for (String line : lines) {
            if (current != null) {
                if (line.strip().startsWith("```")) {
                    blocks.add(new Block(language, List.copyOf(current)));
                    current = null;
                } else {
                    current.add(line);
                }
                continue;
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                if (line.strip().equals(heading)) {
                    inSection = true;
                } else if (inSection && h.group(1).length() <= level) {
                    break;
                }
                continue;
            }
            if (inSection && line.strip().startsWith("```")) {
                language = line.strip().substring(3).strip();
                current = new ArrayList<>();
            }
        }
        if (!inSection) {
            throw new IllegalStateException("no heading '" + heading + "'");
        }
        return blocks;
    }
}
