package dasweep.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The driver's packages (and the executor's, which it uses) import each other without cycles; {@code trial} (the
 * records Spark ships and the table is built from) is a leaf of the driver: it uses only the executor's {@code spec};
 * and the driver reaches the executor only through {@code spec}, the engine's door ({@code DasEngine}), its
 * weights reader and its commands.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dasweep");

    @Test
    void packagesAreFreeOfCycles() {
        assertTrue(MAIN.size() > 100, "the classes were found: " + MAIN.size());
        slices().matching("dasweep.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void trialIsALeaf() {
        noClasses().that().resideInAPackage("dasweep.driver.trial").should().dependOnClassesThat()
                .resideInAnyPackage("dasweep.driver", "dasweep.driver.run..", "dasweep.driver.spark..",
                        "dasweep.driver.sweep..", "dasweep.driver.report..", "dasweep.driver.paper..",
                        "dasweep.executor.das..", "dasweep.executor.model..", "dasweep.executor.data..",
                        "dasweep.executor.torch..")
                .check(MAIN);
    }

    @Test
    void theDriverHasNoTensors() {
        noClasses().that().resideInAPackage("dasweep.driver..").should().dependOnClassesThat()
                .resideInAnyPackage("dasweep.executor.das..", "dasweep.executor.model..", "dasweep.executor.torch..",
                        "ai.djl..")
                .check(MAIN);
    }
}
