package io.creditpool.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module layout the README maps, kept by the build: which module may depend on which (in the code and in the
 * POMs), and no import circle between packages anywhere in Creditpool.
 */
class ModuleLayoutTest {
    /** The packages of each module; a module's classes live in its packages and nowhere else. */
    static final Map<String, List<String>> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put("kernel", List.of("io.creditpool.kernel.."));
        MODULES.put("rules", List.of("io.creditpool.rules.."));
        MODULES.put("embedded", List.of("io.creditpool", "io.creditpool.adapters.glue..",
                "io.creditpool.adapters.clock..", "io.creditpool.adapters.events..", "io.creditpool.adapters.memory..",
                "io.creditpool.adapters.store..", "io.creditpool.adapters.keys..", "io.creditpool.adapters.payments"));
        MODULES.put("store-jdbc", List.of("io.creditpool.adapters.jdbc.."));
        MODULES.put("payments-http", List.of("io.creditpool.adapters.payments.http.."));
        MODULES.put("scenarios", List.of("io.creditpool.adapters.scenario..", "io.creditpool.adapters.client.."));
        MODULES.put("service", List.of("io.creditpool.adapters.http.."));
        MODULES.put("cli", List.of("io.creditpool.adapters.cli.."));
    }

    /** The Creditpool modules each module may use; cli fronts them all. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "kernel", Set.of(),
            "rules", Set.of("kernel"),
            "embedded", Set.of("kernel", "rules"),
            "store-jdbc", Set.of("kernel", "embedded"),
            "payments-http", Set.of("kernel"),
            "scenarios", Set.of("kernel", "rules", "embedded"),
            "service", Set.of("kernel", "rules", "embedded"),
            "cli", Set.of("kernel", "rules", "embedded", "store-jdbc", "payments-http", "scenarios", "service"));

    static JavaClasses creditpool;

    @BeforeAll
    static void importTheMainClasses() {
        creditpool = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the test helpers other modules share come as test jars
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.creditpool");
    }

    @Test
    void everyModuleIsOnTheClassPathOfThisTest() {
        for (Map.Entry<String, List<String>> module : MODULES.entrySet()) {
            String pkg = module.getValue().get(0).replace("..", "");
            assertThat(creditpool.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of module " + module.getKey()).isTrue();
        }
    }

    @Test
    void eachModuleUsesOnlyTheModulesItMay() {
        for (String module : MODULES.keySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : MODULES.keySet()) {
                if (!other.equals(module) && !MAY_USE.get(module).contains(other)) {
                    forbidden.addAll(MODULES.get(other));
                }
            }
            if (forbidden.isEmpty()) {
                continue;
            }
            noClasses().that().resideInAnyPackage(MODULES.get(module).toArray(String[]::new))
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .as("module " + module + " uses only " + MAY_USE.get(module))
                    .check(creditpool);
        }
    }

    @Test
    void theKernelDependsOnNothingButJakartaInject() {
        classes().that().resideInAPackage("io.creditpool.kernel..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jakarta.inject..",
                        "io.creditpool.kernel..")
                .check(creditpool);
    }

    @Test
    void theRulesDependOnTheKernelAndDroolsOnly() {
        classes().that().resideInAPackage("io.creditpool.rules..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax..", "jakarta.inject..",
                        "io.creditpool.kernel..", "io.creditpool.rules..", "org.drools..", "org.kie..",
                        // the plan table is CSV read with Jackson; Drools logs through SLF4J; "did you mean" for a
                        // misspelt name is Apache Commons Text's edit distance; an error in a spreadsheet decision
                        // table is placed at its sheet and row by reading it with Apache POI, as Drools does
                        "com.fasterxml.jackson..", "org.slf4j..", "org.apache.commons.text..", "org.apache.poi..")
                .check(creditpool);
    }

    @Test
    void theEmbeddedModuleKnowsNoTechnologyOfTheOtherAdapters() {
        noClasses().that().resideInAnyPackage(MODULES.get("embedded").toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..",
                        "org.postgresql..", "org.flywaydb..", "com.zaxxer..", "io.javalin..", "org.eclipse.jetty..",
                        "picocli..", "io.micrometer..", "com.fasterxml.jackson.dataformat.yaml..")
                .check(creditpool);
    }

    @Test
    void noImportCircleBetweenPackages() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SliceIdentifier.of(javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "each package of Creditpool";
            }
        }).should().beFreeOfCycles().check(creditpool);
    }

    @Test
    void thePomsDeclareOnlyTheModulesEachMayUse() throws Exception {
        Path adapters = Path.of("..", "adapters");
        for (String module : List.of("embedded", "store-jdbc", "payments-http", "scenarios", "service", "cli")) {
            Path pom = adapters.resolve(module).resolve("pom.xml");
            assertThat(pom).exists();
            Set<String> declared = new TreeSet<>();
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            NodeList dependencies = document.getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element d = (Element) dependencies.item(i);
                String artifact = text(d, "artifactId");
                String scope = text(d, "scope");
                if (text(d, "groupId").equals("io.creditpool") && !scope.equals("test")) {
                    declared.add(artifact.replaceFirst("^creditpool-", ""));
                }
            }
            assertThat(MAY_USE.get(module)).as(pom + " declares").containsAll(declared);
        }
        assertThat(Files.readString(Path.of("..", "adapters", "bom", "pom.xml"))).doesNotContain("<parent>");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
