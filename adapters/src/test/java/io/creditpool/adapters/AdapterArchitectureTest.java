package io.creditpool.adapters;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Adapters implement ports and do not depend on each other; only the glue and the fronts see them all. */
@AnalyzeClasses(packages = "io.creditpool", importOptions = ImportOption.DoNotIncludeTests.class)
class AdapterArchitectureTest {
    @ArchTest
    static final ArchRule adaptersDoNotDependOnEachOther = slices()
            .matching("io.creditpool.adapters.(memory|payments|events|clock)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule adaptersDoNotReachIntoTheRules = noClasses()
            .that().resideInAnyPackage("io.creditpool.adapters.memory..", "io.creditpool.adapters.payments..",
                    "io.creditpool.adapters.events..", "io.creditpool.adapters.clock..")
            .should().dependOnClassesThat().resideInAnyPackage("io.creditpool.rules..", "org.drools..",
                    "org.kie..", "io.creditpool.kernel.service..");

    @ArchTest
    static final ArchRule rulesDoNotKnowTheAdapters = noClasses()
            .that().resideInAPackage("io.creditpool.rules..")
            .should().dependOnClassesThat().resideInAnyPackage("io.creditpool.adapters..", "com.google.inject..");
}
