package io.creditpool.adapters;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Adapters implement ports and do not depend on each other; only the glue and the fronts see them all. */
@AnalyzeClasses(packages = "io.creditpool", importOptions = ImportOption.DoNotIncludeTests.class)
class AdapterArchitectureTest {
    /** The adapters proper; the glue, the command line and the scenario runner see them all. */
    static final List<String> ADAPTERS = List.of("memory", "jdbc", "payments", "events", "clock");

    @ArchTest
    static void adaptersDoNotDependOnEachOther(JavaClasses classes) {
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter))
                    .map(a -> "io.creditpool.adapters." + a + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.creditpool.adapters." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
        }
    }

    @ArchTest
    static final ArchRule adaptersDoNotReachIntoTheRules = noClasses()
            .that().resideInAnyPackage("io.creditpool.adapters.memory..", "io.creditpool.adapters.jdbc..",
                    "io.creditpool.adapters.payments..",
                    "io.creditpool.adapters.events..", "io.creditpool.adapters.clock..")
            .should().dependOnClassesThat().resideInAnyPackage("io.creditpool.rules..", "org.drools..",
                    "org.kie..", "io.creditpool.kernel.service..");

    @ArchTest
    static final ArchRule rulesDoNotKnowTheAdapters = noClasses()
            .that().resideInAPackage("io.creditpool.rules..")
            .should().dependOnClassesThat().resideInAnyPackage("io.creditpool.adapters..", "com.google.inject..");
}
