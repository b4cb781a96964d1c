package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;
import dasweep.driver.run.SweepRunner;
import dasweep.driver.run.TrialFunction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real table from two real runs of one small sweep with controls (the real engine; Spark {@code local[2]}), built
 * once per JVM and shared by {@code NotebookTest} and {@code FailedTrialReportTest}:
 * <ol>
 *   <li>run 1 on {@value #D1}, in this JVM: two trained networks (and their untrained counterparts), 8 DAS trials and
 *       16 controls, all OK;</li>
 *   <li>then network {@value #BROKEN}'s weights file in the store is damaged (16 bytes overwritten in its middle:
 *       what a bad disk or a torn copy leaves; its size and its record stay);</li>
 *   <li>run 2 on {@value #D2}, {@code dasweep run --recompute} in a fresh JVM (as every real run is; this JVM keeps
 *       the networks it has read): reading the damaged network fails (on a local store Hadoop's checksum file beside
 *       it catches the damage first; on a store without one, the sha256 check does), so its 4 DAS trials and 4
 *       random-rotation controls are FAILED rows; the other 16 trials are OK again.</li>
 * </ol>
 * So each trial's latest OK row is on {@value #D2}, but on {@value #D1} for the 8 that failed.
 */
final class TwoRuns {
    static final String SWEEP = """
            name: tworuns
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 4200}
            grid:
              variables: [[color], [area]]
              sites:
                - {layer: conv1, view: rows, k: [16]}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [2]
              batch: [128]
              seeds: [0]
              controls: [random_rotation, untrained_network]
            """;
    static final String D1 = "2026-11-01";
    static final String D2 = "2026-11-02";
    static final String BROKEN = "equal-1";
    /** Trials per run: 2 networks × 2 variable sets × 2 sites, each DAS, random rotation, untrained network. */
    static final int TRIALS = 24;
    /** The trials that read {@link #BROKEN}: its DAS trials and their random-rotation controls. */
    static final int FAILED = 8;

    private static Path dir;
    /** The damaged network's key in the store (its file is {@code <key>.safetensors}). */
    static String brokenKey;

    private TwoRuns() {
    }

    /** The repository's root (the surefire JVM runs in {@code driver/}). */
    static Path repo() {
        return Path.of(System.getProperty("maven.multiModuleProjectDirectory",
                Path.of("").toAbsolutePath().getParent().toString()));
    }

    /** The table's folder ({@code <out>/trials}), the two runs made on first use. */
    static synchronized Path table() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("dasweep-two-runs");
                build(d);
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return dir.resolve("out").resolve("trials");
    }

    /** A local directory for a test's output. */
    static Path scratch(String name) throws IOException {
        table();
        return Files.createDirectories(dir.resolve("scratch").resolve(name));
    }

    private static void build(Path d) throws IOException, InterruptedException {
        Path yaml = d.resolve("tworuns.yaml");
        Files.writeString(yaml, SWEEP);
        Path out = d.resolve("out");
        RunResult first = new SweepRunner(RunOptions.of(yaml, out.toString()).withRunDate(LocalDate.parse(D1)),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), TrialFunction.ENGINE)
                .run(Fixture.spark());
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(TRIALS, first.computed(), first.toString());
        String key = damage(out.resolve("networks"), BROKEN);

        Path log = d.resolve("run2.log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "@" + repo().resolve("conf/jvm.options"), "-Xmx2g", "-Ddasweep.home=" + repo(),
                "-Dlog4j.configurationFile=" + repo().resolve("conf/log4j2-test.properties"),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "dasweep.driver.Main", "run", yaml.toString(), "--out", out.toString(), "--run-date", D2,
                "--recompute", "--master", "local[2]", "--no-progress"));
        Process p = new ProcessBuilder(cmd).directory(repo().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "run 2 finished");
        String text = Files.readString(log);
        assertEquals(1, p.exitValue(), "run 2 exits 1 (failed trials):\n" + text);
        assertTrue(text.contains(key) && (text.contains("ChecksumException") || text.contains("in the store has sha256")),
                "reading the damaged network " + key + " failed:\n" + text);
        brokenKey = key;
    }

    /**
     * Overwrites 16 bytes in the middle of network {@code name}'s weights file in the store {@code networks}; returns
     * its key.
     */
    static String damage(Path networks, String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path weights = null;
        try (Stream<Path> files = Files.list(networks)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                if (name.equals(json.readTree(f.toFile()).path("name").asText())) {
                    weights = f.resolveSibling(f.getFileName().toString().replace(".json", ".safetensors"));
                }
            }
        }
        assertTrue(weights != null && Files.isRegularFile(weights), "network " + name + " in " + networks);
        byte[] bytes = Files.readAllBytes(weights);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(weights, bytes);
        return weights.getFileName().toString().replace(".safetensors", "");
    }
}
