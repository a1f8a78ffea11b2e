package io.creditpool.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No relative link of the README, the pages under docs/, the analysts' guide or the clients' README is broken: each
 * names a file that is there, and a {@code #anchor} names a heading of the file it points into (as GitHub makes
 * anchors of headings).
 */
class DocsLinksTest {

    @Test
    void everyRelativeLinkOfTheReadmeTheDocsAndTheAnalystsGuideLeadsSomewhere() throws IOException {
        Path root = Markdown.root();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("rules/ANALYSTS.md"),
                root.resolve("clients/README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(10);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            checked += broken(root, page, broken);
        }
        assertThat(checked).as("relative links checked").isGreaterThan(30);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void aLinkToAFileThatIsNotThereOrToAHeadingThatIsNotThereIsFound(@TempDir Path folder) throws IOException {
        Files.createDirectories(folder.resolve("docs"));
        Files.writeString(folder.resolve("docs/page.md"), "# A page\n\n## Credits & Billing (for owners)\n");
        Files.writeString(folder.resolve("README.md"), String.join("\n",
                "# Read me",
                "[fine](docs/page.md) [fine too](docs/page.md#credits--billing-for-owners) [here](#read-me)",
                "[no such file](docs/gone.md) [no such heading](docs/page.md#credits-billing)",
                "[outside](https://example.com/x.md) `[in code](nowhere.md)`",
                "```", "[in a block](nowhere.md)", "```", ""));
        List<String> broken = new ArrayList<>();

        int checked = broken(folder, folder.resolve("README.md"), broken);

        assertThat(checked).isEqualTo(5);
        assertThat(broken).containsExactly(
                "README.md:3: docs/gone.md: no such file",
                "README.md:3: docs/page.md#credits-billing: no heading docs/page.md has that anchor (it has "
                        + "[a-page, credits--billing-for-owners])");
    }

    /** Adds the broken relative links of {@code page} to {@code broken}; answers how many relative links it has. */
    private static int broken(Path root, Path page, List<String> broken) throws IOException {
        int checked = 0;
        for (Markdown.Link link : Markdown.links(Markdown.lines(page))) {
            String target = link.target();
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue;   // https:, mailto: and the like
            }
            checked++;
            String where = root.relativize(page) + ":" + link.line() + ": " + target + ": ";
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
            if (!Files.exists(file)) {
                broken.add(where + "no such file");
            } else if (anchor != null) {
                if (!file.toString().endsWith(".md")) {
                    broken.add(where + "an anchor into a file that is not Markdown");
                } else if (!Markdown.anchors(Markdown.lines(file)).contains(anchor)) {
                    broken.add(where + "no heading " + (path.isEmpty() ? "of this page" : path) + " has that anchor "
                            + "(it has " + Markdown.anchors(Markdown.lines(file)) + ")");
                }
            }
        }
        return checked;
    }
}
