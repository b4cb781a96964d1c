package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The application jar ({@code driver/target/dasweep-app.jar}, made by {@code mvn package}) and the "Spark
 * distribution" the standalone scripts build from the same Maven artifacts: the jar holds dasweep, DJL and the CPU
 * natives and nothing a cluster provides; the two together are exactly the embedded launcher's classpath.
 */
@Tag("cluster")
class ClusterAppJarIT {
    static Set<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(e -> e.getName()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void theAppJarHasDasweepAndDjlAndNothingOfSparkScalaOrHadoop() throws IOException {
        Path app = Cluster.appJar();
        try (JarFile j = new JarFile(app.toFile())) {
            assertEquals("dasweep.driver.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        Set<String> names = entries(app);
        for (String needed : List.of("dasweep/driver/Main.class", "dasweep/driver/spark/DasweepKryo.class",
                "dasweep/executor/DasEngine.class", "dasweep-build.properties", "ai/djl/engine/Engine.class",
                "ai/djl/pytorch/engine/PtEngine.class", "picocli/CommandLine.class",
                "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class", "me/tongfei/progressbar/ProgressBar.class",
                "META-INF/services/ai.djl.engine.EngineProvider")) {
            assertTrue(names.contains(needed), needed);
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("pytorch/cpu/") || n.startsWith("native/lib/")),
                "the CPU natives");
        List<String> foreign = names.stream().filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                || n.startsWith("org/apache/hadoop/") || n.startsWith("com/fasterxml/jackson/databind/")
                || n.startsWith("org/slf4j/") || n.startsWith("org/apache/logging/") || n.startsWith("com/google/gson/")
                || n.startsWith("software/amazon/")).limit(5).toList();
        assertTrue(foreign.isEmpty(), "provided by the cluster, not for the app jar: " + foreign);
    }

    @Test
    void sparkHomeAndAppJarSplitTheLaunchersClasspath() throws IOException {
        Path target = Cluster.repo().resolve("driver/target");
        List<String> spark = Arrays.stream(Files.readString(target.resolve("spark-classpath.txt")).strip()
                .split(":")).map(p -> Path.of(p).getFileName().toString()).sorted().toList();
        List<String> lib;
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            lib = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(lib.containsAll(spark), "the Spark classpath is part of the launcher's");
        List<String> ours = new ArrayList<>(lib);
        ours.removeAll(spark);
        assertFalse(spark.stream().anyMatch(n -> n.startsWith("dasweep-") || n.startsWith("pytorch-")), spark.toString());
        assertTrue(spark.stream().anyMatch(n -> n.startsWith("spark-core_2.13")), spark.toString());
        Set<String> app = entries(Cluster.appJar());
        // every jar of the launcher's classpath that the cluster does not provide is inside the app jar
        for (String jar : ours) {
            Set<String> classes = entries(target.resolve("lib").resolve(jar)).stream()
                    .filter(n -> n.endsWith(".class") && !n.contains("module-info")).limit(20)
                    .collect(Collectors.toSet());
            assertTrue(app.containsAll(classes), jar + " is neither provided nor in the app jar");
        }
    }
}
