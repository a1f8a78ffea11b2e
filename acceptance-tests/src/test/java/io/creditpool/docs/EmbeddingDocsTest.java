package io.creditpool.docs;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README and docs/embedding.md tell a host product about getting the artifacts and about logging holds: the
 * install and deploy commands they show are the ones the build takes, and the page names backends to add and shows
 * what a product without one sees, as {@code WithoutALoggingBackendTest} (embedding-example) finds it.
 */
class EmbeddingDocsTest {
    static final String INSTALL = "mvn -B install -DskipTests";
    static final String DEPLOY = "mvn -B deploy -DskipTests -DaltDeploymentRepository=";
    /** The deploy plugin's 3.x form, ID::URL (2.x takes ID::default::URL alone). */
    static final Pattern DEPLOY_REPOSITORY = Pattern.compile("-DaltDeploymentRepository=([\\w.-]+)::(\\S+)");

    @Test
    void theReadmeAndTheGuideShowHowToInstallOrDeployTheArtifacts() throws Exception {
        Path root = Markdown.root();
        String readme = section(root.resolve("README.md"), "## Embedding it in a product (Java)");
        assertThat(readme).contains("`" + INSTALL + "`", "`" + DEPLOY + "ID::URL`", "](docs/embedding.md)");

        List<String> commands = new ArrayList<>();
        for (Markdown.Block block : Markdown.blocks(Markdown.lines(root.resolve("docs/embedding.md")),
                "## Getting the artifacts")) {
            if (block.language().equals("sh")) {
                commands.addAll(block.lines());
            }
        }
        assertThat(commands).contains(INSTALL);
        String deploy = commands.stream().filter(c -> c.startsWith(DEPLOY)).findFirst().orElseThrow();
        Matcher repository = DEPLOY_REPOSITORY.matcher(deploy);
        assertThat(repository.find()).as(deploy).isTrue();
        assertThat(repository.group(2)).as("the repository's URL, not a layout").startsWith("https://");
    }

    @Test
    void theBuildDeploysInTheFormTheDocsShowAndLeavesItsTestsOut() throws Exception {
        Path root = Markdown.root();
        for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("adapters/bom/pom.xml"))) {
            String version = pluginVersion(pom, "maven-deploy-plugin");
            assertThat(version).as("the deploy plugin %s pins", pom).isNotEmpty();
            assertThat(Integer.parseInt(version.split("\\.")[0])).as("%s's deploy plugin takes ID::URL", pom)
                    .isGreaterThanOrEqualTo(3);
        }
        for (String module : List.of("acceptance-tests", "acceptance-tests/embedding-example")) {
            assertThat(property(root.resolve(module).resolve("pom.xml"), "maven.deploy.skip"))
                    .as("%s is left out of mvn deploy", module).isEqualTo("true");
        }
        for (String module : List.of("kernel", "rules", "adapters", "adapters/bom", "adapters/embedded",
                "adapters/store-jdbc", "adapters/payments-http", "adapters/scenarios", "adapters/service",
                "adapters/cli")) {
            assertThat(property(root.resolve(module).resolve("pom.xml"), "maven.deploy.skip"))
                    .as("%s is deployed", module).isEmpty();
        }
    }

    @Test
    void theGuideNamesABackendToAddAndWhatAProductWithoutOneSees() throws Exception {
        Path root = Markdown.root();
        assertThat(section(root.resolve("README.md"), "## Embedding it in a product (Java)"))
                .contains("SLF4J", "`logback-classic`", "`slf4j-simple`");
        List<String> page = Markdown.lines(root.resolve("docs/embedding.md"));
        String logging = section(root.resolve("docs/embedding.md"), "## Logging");
        assertThat(logging).contains("logback-classic", "slf4j-simple", "<scope>runtime</scope>");
        List<String> shown = Markdown.blocks(page, "## Logging").stream().filter(b -> b.language().equals("text"))
                .findFirst().orElseThrow().lines();

        String test = Files.readString(root.resolve(
                "acceptance-tests/embedding-example/src/test/java/io/creditpool/example/WithoutALoggingBackendTest.java"));
        Matcher expected = Pattern.compile("\"(SLF4J\\(W\\): [^\"]+)\"").matcher(test);
        int checked = 0;
        while (expected.find()) {
            assertThat(shown).as("what the page shows a product without a backend sees").contains(expected.group(1));
            checked++;
        }
        assertThat(checked).as("lines WithoutALoggingBackendTest expects").isPositive();
        assertThat(shown).allMatch(l -> l.startsWith("SLF4J(W): "));
    }

    /** The text of a Markdown section: from its heading to the next heading of its level or above. */
    private static String section(Path page, String heading) throws Exception {
        List<String> lines = Markdown.lines(page);
        int level = heading.indexOf(' ');
        StringBuilder text = new StringBuilder();
        boolean in = false;
        for (String line : lines) {
            if (line.strip().equals(heading)) {
                in = true;
                continue;
            }
            if (in && line.startsWith("#") && line.indexOf(' ') <= level && line.indexOf(' ') > 0
                    && line.substring(0, line.indexOf(' ')).chars().allMatch(c -> c == '#')) {
                break;
            }
            if (in) {
                text.append(line).append('\n');
            }
        }
        assertThat(in).as("%s has %s", page, heading).isTrue();
        return text.toString().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String pluginVersion(Path pom, String artifactId) throws Exception {
        NodeList plugins = parse(pom).getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (text(plugin, "artifactId").equals(artifactId)) {
                return text(plugin, "version");
            }
        }
        return "";
    }

    /** A property the POM sets itself (not one it inherits); empty when it sets none. */
    private static String property(Path pom, String name) throws Exception {
        NodeList properties = parse(pom).getDocumentElement().getElementsByTagName("properties");
        for (int i = 0; i < properties.getLength(); i++) {
            Element block = (Element) properties.item(i);
            if (block.getParentNode() == block.getOwnerDocument().getDocumentElement()) {
                return text(block, name);
            }
        }
        return "";
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
