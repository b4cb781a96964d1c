package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole sweeps on Spark {@code local[2]} with the real engine (DJL training, small sizes): the table,
 * never twice (rerun, extended grid), a failing trial, crash + --resume, imported networks.
 * One SparkSession and one output directory for the class; the tests run in order and build on each other.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepIntegrationTest {
    static final String SWEEP = """
            name: %s
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: %s
              sites:
                - {layer: conv1, view: rows, k: %s}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [1]
              batch: [128]
              seeds: [0]
            """;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path out;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSessions.create("local[2]", "dasweep-it", SparkSessions.load(SparkSessions.defaultConf()), Map.of());
        out = dir.resolve("out");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    static Path sweep(String name, String variables, String ks) throws IOException {
        Path f = dir.resolve(name + "-" + ks.replaceAll("\\W", "") + ".yaml");
        Files.writeString(f, SWEEP.formatted(name, variables, ks));
        return f;
    }

    static RunResult run(RunOptions opts) {
        return new SweepRunner(opts, System.out, System.err).run(spark);
    }

    static Dataset<Row> table(String sweep) {
        return spark.read().parquet(out.resolve("trials").toString()).where(functions.col("sweep").equalTo(sweep));
    }

    @Test
    @Order(1)
    void quickstartSizedSweepWritesTheTable() throws IOException {
        RunResult r = run(RunOptions.of(sweep("unit", "[[circularity], [color], [area]]", "[16]"), out.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(2, r.networks());
        assertEquals(2, r.networksBuilt());
        assertEquals(12, r.trials());
        assertEquals(12, r.computed());
        assertEquals(0, r.failed());
        assertEquals(out.resolve("trials").toUri().toString().replaceAll("/$", ""), r.tablePath());

        Dataset<Row> t = table("unit");
        assertEquals(12, t.count());
        assertEquals(ResultsSchema.COLUMNS.stream().map(ResultsSchema.Column::name).toList(), Arrays.asList(t.columns()));
        for (var f : ResultsSchema.SCHEMA.fields()) {
            assertEquals(f.dataType(), t.schema().apply(f.name()).dataType(), f.name());
        }
        assertEquals(12, t.where("status = 'OK'").count(), () -> t.select("error").collectAsList().toString());
        assertEquals(12, t.where("iia >= 0 AND iia <= 1 AND trivial_iia >= 0 AND trivial_iia <= 1"
                + " AND base_accuracy >= 0 AND base_accuracy <= 1").count());
        assertEquals(12, t.select("trial_id").distinct().count());
        assertEquals(12, t.where("size(epoch_losses) = 1 AND final_loss = epoch_losses[0]"
                + " AND network_test_accuracy > 0 AND threads = 1 AND error IS NULL").count());
        // provenance and costs
        assertEquals(12, t.where("pytorch_version IS NOT NULL AND djl_version IS NOT NULL AND spark_version = '"
                + spark.version() + "' AND code_version LIKE '0.1.0%' AND executor_id = 'driver' AND host <> ''"
                + " AND device IS NOT NULL AND train_seconds > 0 AND eval_seconds > 0 AND started_at IS NOT NULL"
                + " AND spec_json LIKE '{\"objective\":{\"name\":\"equal\"%' AND run_id = '" + r.runId() + "'").count());
        // stage 1 wrote each network to the store with its sha256 and test accuracy; rows carry them
        List<Row> nets = t.select("network", "network_sha256", "network_test_accuracy").distinct().collectAsList();
        assertEquals(2, nets.size());
        Set<String> stored = Files.list(out.resolve("networks")).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".safetensors")).collect(Collectors.toSet());
        assertEquals(2, stored.size());
        for (Row n : nets) {
            boolean found = false;
            for (String s : stored) {
                found |= TrialIds.sha256(Files.readAllBytes(out.resolve("networks").resolve(s))).equals(n.getString(1));
            }
            assertTrue(found, "network bytes with sha256 " + n.getString(1) + " in the store");
        }
        // one partition directory for the sweep and the run date, no staging left behind, no temporary files visible
        assertTrue(Files.isDirectory(out.resolve("trials/sweep=unit/run_date=" + RunOptions.of(null, "x").runDate())));
        assertFalse(Files.exists(out.resolve("_staging/" + r.runId())));
        assertEquals(2 + 3, r.summary().size(), r.summary().toString());
        assertTrue(r.summary().get(1).contains("conv1") && r.summary().get(1).contains("fc1"), r.summary().toString());
    }

    @Test
    @Order(2)
    void rerunComputesNothing() throws IOException {
        RunResult r = run(RunOptions.of(sweep("unit", "[[circularity], [color], [area]]", "[16]"), out.toString()));
        assertEquals(0, r.exitCode());
        assertEquals(0, r.computed());
        assertEquals(12, r.skipped());
        assertEquals(0, r.networksBuilt());
        assertEquals(12, table("unit").count());
    }

    @Test
    @Order(3)
    void extendedGridComputesOnlyTheNewCells() throws IOException {
        RunResult r = run(RunOptions.of(sweep("unit", "[[circularity], [color], [area]]", "[16, 32]"), out.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(18, r.trials());
        assertEquals(6, r.computed());
        assertEquals(12, r.skipped());
        assertEquals(0, r.networksBuilt());
        Dataset<Row> t = table("unit");
        assertEquals(18, t.count());
        assertEquals(18, t.select("trial_id").distinct().count());
        assertEquals(6, t.where("k = 32 AND status = 'OK'").count());
    }

    @Test
    @Order(4)
    void aTrialThatThrowsBecomesAFailedRowAndTheOthersFinish() throws IOException {
        RunResult r = run(RunOptions.of(sweep("unit-fail", "[[color]]", "[16]"), out.toString()).withFailCells(Set.of(1)));
        assertEquals(1, r.exitCode());
        assertEquals(4, r.computed());
        assertEquals(1, r.failed());
        Dataset<Row> t = table("unit-fail");
        assertEquals(3, t.where("status = 'OK' AND iia IS NOT NULL").count());
        List<Row> failed = t.where("status = 'FAILED'").select("cell_index", "error", "iia").collectAsList();
        assertEquals(1, failed.size());
        assertEquals(1, failed.get(0).getInt(0));
        assertEquals("java.lang.IllegalStateException: injected failure (spark.dasweep.test.failTrials)",
                failed.get(0).getString(1));
        assertTrue(failed.get(0).isNullAt(2));
        // a rerun retries only the failed trial
        RunResult again = run(RunOptions.of(sweep("unit-fail", "[[color]]", "[16]"), out.toString()));
        assertEquals(0, again.exitCode());
        assertEquals(1, again.computed());
        assertEquals(3, again.skipped());
        assertEquals(4, table("unit-fail").where("status = 'OK'").count());
    }

    @Test
    @Order(5)
    void resumeAfterACrashComputesOnlyWhatIsMissing() throws IOException {
        Path f = sweep("unit-resume", "[[area]]", "[16]");
        RunResult crashed = run(RunOptions.of(f, out.toString()).withCrashBeforeCommit(true));
        assertEquals(1, crashed.exitCode());
        assertEquals(0, table("unit-resume").count(), "nothing of a crashed run is visible");
        try (Stream<Path> staged = Files.walk(out.resolve("_staging"))) {
            assertEquals(4, staged.filter(p -> p.toString().endsWith(".json")).count());
        }
        RunResult resumed = run(RunOptions.of(f, out.toString()).withResume(true));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(0, resumed.computed());
        assertEquals(4, resumed.adopted());
        assertEquals(4, table("unit-resume").where("status = 'OK'").count());
        assertEquals(4, table("unit-resume").select("trial_id").distinct().count());
        assertFalse(Files.exists(out.resolve("_staging")), "the adopted staging is gone");
        assertEquals(0, run(RunOptions.of(f, out.toString()).withResume(true)).computed());
    }

    static Path models() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path m = p.resolve("shared/models/amir_cnn_model.safetensors");
            if (Files.isRegularFile(m)) {
                return m.getParent();
            }
        }
        return null;
    }

    @Test
    @Order(6)
    void importedNetworkIsValidatedAndUsed() throws IOException {
        Path models = models();
        assumeTrue(models != null || System.getenv("DASWEEP_REQUIRE_MODELS") == null, "../shared/models is absent");
        assertTrue(models != null, "DASWEEP_REQUIRE_MODELS is set but ../shared/models is absent");
        String imported = SWEEP.formatted("unit-imported", "[[circularity, color]]", "[16]")
                .replace("  trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}",
                        "  imported:\n    - {name: amir, path: " + models.resolve("amir_cnn_model.pth") + ", objective: equal}")
                .replace("    - {layer: fc1, view: flat, k: [1]}\n", "");
        Path f = dir.resolve("imported.yaml");
        Files.writeString(f, imported);
        RunResult r = run(RunOptions.of(f, out.toString()));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.computed());
        Row row = table("unit-imported").first();
        assertEquals("imported", row.getAs("network_source"));
        assertEquals("amir", row.getAs("network"));
        assertTrue((double) row.getAs("network_test_accuracy") > 0.8, "the notebook's network is a good classifier");
        assertTrue((double) row.getAs("iia") > 0.5);
    }

    @Test
    @Order(7)
    void aWeightsFileThatIsNotANetworkIsBadInput() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, "this is not a network".repeat(10).getBytes());
        String bad = SWEEP.formatted("unit-garbage", "[[color]]", "[16]")
                .replace("  trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}",
                        "  imported:\n    - {name: junk, path: garbage.safetensors, objective: equal}");
        Path f = dir.resolve("garbage.yaml");
        Files.writeString(f, bad);
        Path freshOut = dir.resolve("out-garbage");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "run", f.toString(), "--out",
                freshOut.toString());
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("dasweep: " + f + ": networks.imported[0].path: not a network: "
                + garbage + ": "), err.toString());
        assertFalse(Files.exists(freshOut));
    }
}
