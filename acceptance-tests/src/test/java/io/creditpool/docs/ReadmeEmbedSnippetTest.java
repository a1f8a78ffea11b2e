package io.creditpool.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's embed snippet is the code {@code acceptance-tests/embedding-example} compiles and runs
 * ({@code ReadmeSnippetTest}): each of its lines, spaces aside, is a line of the example's marked part, in order.
 */
class ReadmeEmbedSnippetTest {
    static final String HEADING = "## Embedding it in a product (Java)";
    static final Path EXAMPLE = Path.of(
            "acceptance-tests/embedding-example/src/test/java/io/creditpool/example/ReadmeSnippetTest.java");

    @Test
    void theReadmesJavaSnippetIsTheEmbeddingExamplesCode() throws IOException {
        Path root = Markdown.root();
        List<Markdown.Block> java = Markdown.blocks(Markdown.lines(root.resolve("README.md")), HEADING).stream()
                .filter(b -> b.language().equals("java")).toList();
        assertThat(java).as("java blocks under " + HEADING).hasSize(1);
        List<String> example = Files.readAllLines(root.resolve(EXAMPLE));
        int begins = example.indexOf("// README snippet begins");
        int ends = indexOfStripped(example, "// README snippet ends");
        assertThat(begins).as("the example marks where the README's snippet begins").isNotNegative();
        assertThat(ends).as("and where it ends").isGreaterThan(begins);

        assertThat(notInOrder(java.get(0).lines(), example.subList(begins + 1, ends))).as(
                "lines of the README's snippet that are not, in this order, in %s", EXAMPLE).isEmpty();
    }

    @Test
    void aLineTheExampleDoesNotHaveOrHasInAnotherOrderIsFound() {
        List<String> example = List.of("try (Creditpool pool = Creditpool.embedded()) {", "    long left = 1;", "}");
        assertThat(notInOrder(List.of("try (Creditpool  pool = Creditpool.embedded()) {", "long left = 1;", "}"),
                example)).isEmpty();
        assertThat(notInOrder(List.of("long left = 1;", "try (Creditpool pool = Creditpool.embedded()) {"),
                example)).containsExactly("try (Creditpool pool = Creditpool.embedded()) {");
        assertThat(notInOrder(List.of("Creditpool pool = Creditpool.embedded();"), example)).hasSize(1);
    }

    /** The lines of {@code snippet} (blank ones aside) that {@code source} does not have in that order. */
    static List<String> notInOrder(List<String> snippet, List<String> source) {
        List<String> normalised = source.stream().map(ReadmeEmbedSnippetTest::normalised).toList();
        List<String> missing = new java.util.ArrayList<>();
        int at = 0;
        for (String line : snippet) {
            if (line.isBlank()) {
                continue;
            }
            int found = normalised.subList(at, normalised.size()).indexOf(normalised(line));
            if (found < 0) {
                missing.add(line.strip());
            } else {
                at += found + 1;
            }
        }
        return missing;
    }

    private static String normalised(String line) {
        return line.strip().replaceAll("\\s+", " ");
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
