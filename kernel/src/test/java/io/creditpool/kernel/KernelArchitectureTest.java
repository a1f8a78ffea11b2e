package io.creditpool.kernel;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rule: the kernel knows nothing of Drools, Guice, JDBC, HTTP or any adapter. */
@AnalyzeClasses(packages = "io.creditpool.kernel", importOptions = ImportOption.DoNotIncludeTests.class)
class KernelArchitectureTest {
    @ArchTest
    static final ArchRule kernelDependsOnJavaAndJakartaInjectOnly = classes()
            .that().resideInAPackage("io.creditpool.kernel..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "jakarta.inject..",
                    "io.creditpool.kernel..");

    @ArchTest
    static final ArchRule kernelImportsNoFramework = noClasses()
            .that().resideInAPackage("io.creditpool.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.drools..", "org.kie..", "com.google.inject..",
                    "java.sql..", "javax.sql..", "io.creditpool.rules..", "io.creditpool.adapters..");

    @ArchTest
    static final ArchRule domainDoesNotUseThePorts = noClasses()
            .that().resideInAPackage("io.creditpool.kernel.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("io.creditpool.kernel.port..",
                    "io.creditpool.kernel.service..");
}
