package io.creditpool.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's embed snippet is the code {@code acceptance-tests/embedding-example} compiles and runs
 * ({@code ReadmeSnippetTest}), and so is the Java snippet of docs/embedding.md ({@code EmbeddingGuideSnippetTest}):
 * a snippet's lines, spaces and blank lines aside, are its example's imports and the body between the markers, no
 * line more, none less, in that order (a line the example marks {@code // not in the docs} aside).
 */
class ReadmeEmbedSnippetTest {
    static final String HEADING = "## Embedding it in a product (Java)";
    static final Path EXAMPLE = Path.of(
            "acceptance-tests/embedding-example/src/test/java/io/creditpool/example/ReadmeSnippetTest.java");
    static final String GUIDE_HEADING = "## The Java API";
    static final Path GUIDE_EXAMPLE = Path.of(
            "acceptance-tests/embedding-example/src/test/java/io/creditpool/example/EmbeddingGuideSnippetTest.java");
    static final String NOT_IN_THE_DOCS = "// not in the docs";

    @Test
    void theReadmesJavaSnippetIsTheEmbeddingExamplesCode() throws IOException {
        assertSnippetIsTheExample(Path.of("README.md"), HEADING, EXAMPLE);
    }

    @Test
    void theEmbeddingGuidesJavaSnippetIsTheEmbeddingExamplesCode() throws IOException {
        assertSnippetIsTheExample(Path.of("docs/embedding.md"), GUIDE_HEADING, GUIDE_EXAMPLE);
    }

    private static void assertSnippetIsTheExample(Path page, String heading, Path examplePath) throws IOException {
        Path root = Markdown.root();
        List<Markdown.Block> java = Markdown.blocks(Markdown.lines(root.resolve(page)), heading).stream()
                .filter(b -> b.language().equals("java")).toList();
        assertThat(java).as("java blocks of %s under %s", page, heading).hasSize(1);

        List<String> example = snippet(Files.readAllLines(root.resolve(examplePath)));

        assertThat(example).as("the example's snippet").anyMatch(l -> l.startsWith("try (Creditpool pool"));
        assertThat(normalised(java.get(0).lines())).as("the snippet of %s, against the lines of %s", page,
                examplePath).containsExactlyElementsOf(example);
    }

    @Test
    void aLineTheReadmeAddsLeavesOutChangesOrMovesIsFound() {
        List<String> example = snippet(List.of(
                "package x;",
                "// snippet begins",
                "import io.creditpool.*;",
                "// snippet imports end",
                "import org.junit.jupiter.api.Test;",
                "class X {",
                "    long snippet() {",
                "        // snippet body begins",
                "        try (Creditpool  pool = Creditpool.embedded()) {",
                "",
                "            long left = 1;",
                "            return left;   // not in the docs",
                "        }",
                "        // snippet ends",
                "    }",
                "}"));
        assertThat(example).containsExactly("import io.creditpool.*;", "try (Creditpool pool = Creditpool.embedded()) {",
                "long left = 1;", "}");

        List<String> readme = List.of("import io.creditpool.*;", "", "try (Creditpool pool = Creditpool.embedded()) {",
                "    long left = 1;", "}");
        assertThat(normalised(readme)).isEqualTo(example);
        assertThat(normalised(List.of("import io.creditpool.*;", "try (Creditpool pool = Creditpool.embedded()) {",
                "}"))).as("a line left out").isNotEqualTo(example);
        assertThat(normalised(List.of("import io.creditpool.*;", "Creditpool pool = Creditpool.embedded();",
                "long left = 1;", "}"))).as("a line changed").isNotEqualTo(example);
        assertThat(normalised(List.of("import io.creditpool.*;", "long left = 1;",
                "try (Creditpool pool = Creditpool.embedded()) {", "}"))).as("a line moved").isNotEqualTo(example);
    }

    /**
     * The lines of the example's snippet: its imports (between {@code // snippet begins} and
     * {@code // snippet imports end}) and its body (between {@code // snippet body begins} and
     * {@code // snippet ends}), normalised, without the lines marked {@value #NOT_IN_THE_DOCS}.
     */
    static List<String> snippet(List<String> example) {
        List<String> lines = new ArrayList<>(between(example, "// snippet begins",
                "// snippet imports end"));
        lines.addAll(between(example, "// snippet body begins", "// snippet ends"));
        return normalised(lines.stream().filter(l -> !l.strip().endsWith(NOT_IN_THE_DOCS)).toList());
    }

    private static List<String> between(List<String> lines, String begins, String ends) {
        int from = indexOfStripped(lines, begins);
        int to = indexOfStripped(lines, ends);
        assertThat(from).as("the example marks '%s'", begins).isNotNegative();
        assertThat(to).as("and then '%s'", ends).isGreaterThan(from);
        return lines.subList(from + 1, to);
    }

    /** Each line stripped, runs of spaces made one, blank lines left out. */
    static List<String> normalised(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank()).map(l -> l.strip().replaceAll("\\s+", " ")).toList();
    }

    private static int indexOfStripped(List<String> lines, String wanted) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(wanted)) {
                return i;
            }
        }
        return -1;
    }
}
