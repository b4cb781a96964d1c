package dasweep.executor;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The executor's packages import each other without cycles, and {@code spec} (what crosses the door to the driver:
 * the trial spec, its enums, the result) is a leaf: it imports no other package of ours.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dasweep.executor");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dasweep.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void specIsALeaf() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAPackage("dasweep.executor.spec")
                .should().dependOnClassesThat().resideOutsideOfPackages("dasweep.executor.spec", "java..")
                .check(MAIN);
    }
}
