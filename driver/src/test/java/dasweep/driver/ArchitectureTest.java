package dasweep.driver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /**
     * The same on the sources' import lines, which also name what bytecode does not keep (a constant the compiler
     * inlined): no package of either module imports one that imports it back, directly or around a circle.
     */
    @Test
    void importsAreFreeOfCycles() throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        for (String root : List.of("src/main/java", "../executor/src/main/java")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(text);
                    assertTrue(pkg.find(), f.toString());
                    Set<String> to = imports.computeIfAbsent(pkg.group(1), x -> new TreeSet<>());
                    Matcher m = Pattern.compile("(?m)^import (?:static )?(dasweep(?:\\.[a-z]\\w*)*)\\.[A-Z]").matcher(text);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg.group(1))) {
                            to.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(imports.size() >= 12, "the packages were found: " + imports.keySet());
        for (String from : imports.keySet()) {
            Deque<List<String>> paths = new ArrayDeque<>(List.of(List.of(from)));
            Set<String> seen = new TreeSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.pop();
                for (String next : imports.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(next);
                    assertTrue(!next.equals(from), "packages import each other in a circle: " + longer);
                    if (seen.add(next)) {
                        paths.push(longer);
                    }
                }
            }
        }
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
