package dasweep.driver;

import dasweep.driver.sweep.SweepLoader;
import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;

import dasweep.driver.trial.BuildInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dasweep.driver.run.TrialFunction;
import dasweep.driver.spark.ResultsSchema;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.Site;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole sweeps on Spark {@code local[2]} with the real engine (DJL training, small sizes): the table, never
 * twice (rerun, extended grid), failing and crashing trial functions, crash + --resume, a new axis, imported
 * networks. One SparkSession for the class; each test has its own output directory and stands on its own.
 */
@Tag("integration")
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

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-it");

    @TempDir
    Path dir;

    Path sweep(String name, String variables, String ks) throws IOException {
        Path f = dir.resolve(name + "-" + ks.replaceAll("\\W", "") + ".yaml");
        Files.writeString(f, SWEEP.formatted(name, variables, ks));
        return f;
    }

    Path out() {
        return dir.resolve("out");
    }

    RunResult run(Path sweep, TrialFunction function) {
        return run(RunOptions.of(sweep, out().toString()), function);
    }

    static RunResult run(RunOptions opts, TrialFunction function) {
        return SPARK.run(opts, function);
    }

    Dataset<Row> table(String sweep) {
        return SPARK.session().read().parquet(out().resolve("trials").toString()).where(functions.col("sweep").equalTo(sweep));
    }

    @Test
    void quickstartSizedSweepWritesTheTable() throws IOException {
        RunResult r = run(sweep("unit", "[[circularity], [color], [area]]", "[16]"), TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(2, r.networks());
        assertEquals(2, r.networksBuilt());
        assertEquals(12, r.trials());
        assertEquals(12, r.computed());
        assertEquals(0, r.failed());
        assertEquals(out().resolve("trials").toUri().toString().replaceAll("/$", ""), r.tablePath());

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
        // provenance and costs: the code version is the one stamped into the jar the executor ran
        assertEquals(12, t.where("pytorch_version IS NOT NULL AND djl_version IS NOT NULL AND spark_version = '"
                + SPARK.session().version() + "' AND code_version = '" + BuildInfo.codeVersion() + "' AND executor_id = 'driver'"
                + " AND host <> '' AND device IS NOT NULL AND train_seconds > 0 AND eval_seconds > 0"
                + " AND wall_seconds >= train_seconds AND started_at IS NOT NULL"
                + " AND spec_json LIKE '{\"objective\":{\"name\":\"equal\"%' AND run_id = '" + r.runId() + "'").count());
        // stage 1 wrote each network to the store with its sha256 and test accuracy; rows carry them
        List<Row> nets = t.select("network", "network_sha256", "network_test_accuracy").distinct().collectAsList();
        assertEquals(2, nets.size());
        Set<String> stored;
        try (Stream<Path> files = Files.list(out().resolve("networks"))) {
            stored = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors"))
                    .collect(Collectors.toSet());
        }
        assertEquals(2, stored.size());
        for (Row n : nets) {
            boolean found = false;
            for (String s : stored) {
                found |= Hashes.sha256(Files.readAllBytes(out().resolve("networks").resolve(s))).equals(n.getString(1));
            }
            assertTrue(found, "network bytes with sha256 " + n.getString(1) + " in the store");
        }
        // one partition directory for the sweep and the run date, no staging left behind
        assertTrue(Files.isDirectory(out().resolve("trials/sweep=unit/run_date=" + RunOptions.of(null, "x").runDate())));
        assertFalse(Files.exists(out().resolve("_staging")));
        assertEquals(2 + 3, r.summary().size(), r.summary().toString());
        assertTrue(r.summary().get(1).contains("conv1") && r.summary().get(1).contains("fc1"), r.summary().toString());
    }

    @Test
    void aRerunComputesNothingAndAnExtendedGridOnlyTheNewCells() throws IOException {
        assertEquals(4, run(sweep("unit", "[[color]]", "[16]"), TrialFunction.ENGINE).computed());
        RunResult again = run(sweep("unit", "[[color]]", "[16]"), TrialFunction.ENGINE);
        assertEquals(0, again.exitCode());
        assertEquals(0, again.computed());
        assertEquals(4, again.skipped());
        assertEquals(0, again.networksBuilt());

        RunResult extended = run(sweep("unit", "[[color]]", "[16, 32]"), TrialFunction.ENGINE);
        assertEquals(0, extended.exitCode(), extended.toString());
        assertEquals(6, extended.trials());
        assertEquals(2, extended.computed());
        assertEquals(4, extended.skipped());
        Dataset<Row> t = table("unit");
        assertEquals(6, t.count());
        assertEquals(6, t.select("trial_id").distinct().count());
        assertEquals(2, t.where("k = 32 AND status = 'OK'").count());
        // the summary built from the rows in hand (the table read at the start + this run's rows) is the table's
        assertEquals(dasweep.driver.run.Summary.of(new dasweep.driver.spark.ResultsTable(SPARK.session(),
                out().toAbsolutePath().toUri().toString().replaceAll("/+$", "") + "/trials"), SweepLoader.load(sweep("unit", "[[color]]",
                "[16, 32]"))), extended.summary());
        assertEquals(again.summary().size(), extended.summary().size());
    }

    @Test
    void recomputeRunsEveryCellAgainUnderItsOwnDateOnce() throws IOException {
        Path f = sweep("unit-nightly", "[[color]]", "[16]");
        java.time.LocalDate monday = java.time.LocalDate.of(2026, 12, 7);
        assertEquals(4, run(RunOptions.of(f, out().toString()).withRunDate(monday), TrialFunction.ENGINE).computed());
        RunOptions tuesday = RunOptions.of(f, out().toString()).withRunDate(monday.plusDays(1)).withRecompute(true);
        RunResult first = run(tuesday, TrialFunction.ENGINE);
        assertEquals(4, first.computed(), "every cell again under the new date");
        assertEquals(0, first.networksBuilt(), "networks are never retrained");
        assertEquals(0, run(tuesday, TrialFunction.ENGINE).computed(), "a rerun of the same date computes nothing");
        Dataset<Row> t = table("unit-nightly");
        assertEquals(8, t.count());
        assertEquals(4, t.where("run_date = '2026-12-08'").select("trial_id").distinct().count());
        assertEquals(0, t.groupBy("trial_id", "run_date").count().where("count > 1").count());
        // the same seeds give the same IIAs on both dates
        assertEquals(4, t.groupBy("trial_id").agg(functions.countDistinct("iia").as("n")).where("n = 1").count());
    }

    @Test
    void aTrialThatThrowsBecomesAFailedRowAndTheOthersFinish() throws IOException {
        TrialFunction failAtFc1 = (spec, network, threads, device) -> {
            if (spec.intervention().site() == Site.FC1) {
                throw new IllegalStateException("no fc1 today", new ArithmeticException("the cause"));
            }
            return TrialFunction.ENGINE.run(spec, network, threads, device);
        };
        Path f = sweep("unit-fail", "[[color]]", "[16]");
        RunResult r = run(f, failAtFc1);
        assertEquals(1, r.exitCode());
        assertEquals(4, r.computed());
        assertEquals(2, r.failed());
        Dataset<Row> t = table("unit-fail");
        assertEquals(2, t.where("status = 'OK' AND iia IS NOT NULL AND layer = 'conv1'").count());
        List<Row> failed = t.where("status = 'FAILED'").select("layer", "error", "iia", "k").collectAsList();
        assertEquals(2, failed.size());
        for (Row row : failed) {
            assertEquals("fc1", row.getString(0));
            String error = row.getString(1);
            assertTrue(error.startsWith("java.lang.IllegalStateException: no fc1 today\n    at "), error);
            assertTrue(error.contains("\ncaused by: java.lang.ArithmeticException: the cause\n    at "), error);
            assertTrue(row.isNullAt(2));
            assertEquals(1, row.getInt(3), "the failed row still records the spec");
        }
        // a rerun with the engine retries only the failed trials
        RunResult again = run(f, TrialFunction.ENGINE);
        assertEquals(0, again.exitCode());
        assertEquals(2, again.computed());
        assertEquals(2, again.skipped());
        assertEquals(4, table("unit-fail").where("status = 'OK'").count());
    }

    @Test
    void aTrialThatRunsOutOfMemoryIsAFailedRowAndTheSweepGoesOn() throws IOException {
        TrialFunction oomAtFc1 = (spec, network, threads, device) -> {
            if (spec.intervention().site() == Site.FC1) {
                long[] tooBig = new long[Integer.MAX_VALUE];   // a real OutOfMemoryError from the JVM
                return null;
            }
            return TrialFunction.ENGINE.run(spec, network, threads, device);
        };
        RunResult r = run(sweep("unit-oom", "[[color]]", "[16]"), oomAtFc1);
        assertEquals(1, r.exitCode());
        assertEquals(2, r.failed());
        Dataset<Row> t = table("unit-oom");
        assertEquals(2, t.where("status = 'OK'").count());
        assertEquals(2, t.where("status = 'FAILED' AND error LIKE 'java.lang.OutOfMemoryError: %'").count());
    }

    /** An error no trial catches: the task fails, Spark aborts the job, the driver never commits. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    static final AtomicBoolean CRASHED = new AtomicBoolean();

    @Test
    void resumeAfterACrashAdoptsWhatWasStagedAndComputesOnlyTheRest() throws IOException {
        Path f = sweep("unit-resume", "[[area]]", "[16]");
        Path staging = out().resolve("_staging");
        String stagingFolder = staging.toString();
        CRASHED.set(false);
        // the first fc1 trial to start waits until the other three are staged, then crashes the job: whatever order
        // Spark runs the four tasks in, and however many times the function is called
        TrialFunction crashOneFc1 = (spec, network, threads, device) -> {
            if (spec.intervention().site() == Site.FC1 && CRASHED.compareAndSet(false, true)) {
                awaitStaged(Path.of(stagingFolder), 3);
                throw new Crash();
            }
            return TrialFunction.ENGINE.run(spec, network, threads, device);
        };
        RunResult crashed = run(f, crashOneFc1);
        String after = crashed + "\n" + listing(out());
        assertEquals(1, crashed.exitCode(), after);
        assertFalse(Files.exists(out().resolve("trials/sweep=unit-resume")), "nothing of a crashed run is visible: "
                + after);
        assertEquals(3, stagedFiles(staging), after);

        RunResult plain = run(RunOptions.of(f, out().toString()).withResume(false).withRunDate(
                java.time.LocalDate.of(2026, 1, 1)), (spec, network, threads, device) -> {
                    throw new Crash();
                });
        assertEquals(1, plain.exitCode(), "without --resume the staged results are not used");

        String staged = listing(out());
        RunResult resumed = run(RunOptions.of(f, out().toString()).withResume(true), TrialFunction.ENGINE);
        assertEquals(0, resumed.exitCode(), resumed + "\n" + staged);
        assertEquals(3, resumed.adopted(), resumed + "\n" + staged);
        assertEquals(1, resumed.computed());
        assertEquals(4, table("unit-resume").where("status = 'OK'").count());
        assertEquals(4, table("unit-resume").select("trial_id").distinct().count());
        assertFalse(Files.exists(out().resolve("_staging")), "the adopted staging is gone");
        assertEquals(0, run(RunOptions.of(f, out().toString()).withResume(true), TrialFunction.ENGINE).computed());
    }

    /** Waits (at most two minutes) until {@code count} outcomes are staged; an interrupt does not cut it short. */
    static void awaitStaged(Path staging, long count) throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (stagedFiles(staging) < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** Every file under {@code dir}, relative, one per line: what a failed assertion about the output shows. */
    static String listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return dir + " does not exist";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p) && !p.toString().endsWith(".crc"))
                    .map(p -> dir.relativize(p) + stagedError(p)).sorted()
                    .collect(Collectors.joining("\n", dir + ":\n", ""));
        }
    }

    /** For a staged outcome: " OK", or " FAILED: " and its error's first line; for any other file nothing. */
    private static String stagedError(Path p) {
        if (!p.toString().contains("_staging") || !p.toString().endsWith(".json")) {
            return "";
        }
        try {
            String error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.toFile()).path("error")
                    .asText("");
            return error.isEmpty() ? " OK" : " FAILED: " + error.lines().findFirst().orElse("");
        } catch (IOException e) {
            return " unreadable: " + e;
        }
    }

    static long stagedFiles(Path staging) throws IOException {
        if (!Files.exists(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            return files.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    @Test
    void dataSeedsGiveDistinctTrialsAndRows() throws IOException {
        Path f = dir.resolve("seeds.yaml");
        Files.writeString(f, SWEEP.formatted("unit-seeds", "[[color]]", "[16]")
                .replace("count: 2", "count: 1").replace("  seeds: [0]", "  data_seeds: [1, 2]\n  seeds: [0]"));
        RunResult r = run(f, TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(4, r.computed());
        Dataset<Row> t = table("unit-seeds");
        assertEquals(4, t.select("trial_id").distinct().count());
        assertEquals(List.of(1L, 2L), t.select("data_seed").distinct().orderBy("data_seed").collectAsList().stream()
                .map(row -> row.getLong(0)).toList());
        assertEquals(2, t.where("data_seed = 2 AND spec_json LIKE '%\"data_seed\":2,%'").count());
    }

    @Test
    void aTableWrittenByThePreviousVersionIsReadResumedAndExtended() throws IOException {
        Path legacy = Path.of("src/test/resources/legacy-v1");
        copy(legacy, out());
        Path f = legacy.resolve("legacy.yaml");
        RunResult same = run(f, (spec, network, threads, device) -> {
            throw new AssertionError("a trial of the old table was recomputed");
        });
        assertEquals(0, same.exitCode(), same.toString());
        assertEquals(2, same.skipped(), "the old table's trial_ids are the ones we compute now");
        assertEquals(0, same.networksBuilt(), "the old store's network is reused");

        Path extended = dir.resolve("legacy-extended.yaml");
        Files.writeString(extended, Files.readString(f).replace("[[color], [area]]", "[[color], [area], [circularity]]"));
        RunResult more = run(extended, TrialFunction.ENGINE);
        assertEquals(0, more.exitCode(), more.toString());
        assertEquals(1, more.computed());
        assertEquals(2, more.skipped());
        Dataset<Row> t = table("legacy");
        assertEquals(3, t.count());
        assertEquals(2, t.where("run_date = '2026-11-30' AND status = 'OK' AND iia IS NOT NULL").count());
        assertEquals(3, t.select("trial_id").distinct().count());

        // the same trials computed again by this version, same seeds and threads: the same IIAs
        RunResult again = run(RunOptions.of(f, out().toString()).withRecompute(true)
                .withRunDate(java.time.LocalDate.of(2026, 12, 1)), TrialFunction.ENGINE);
        assertEquals(2, again.computed());
        Dataset<Row> old = table("legacy").where("run_date = '2026-11-30'").select("trial_id", "iia", "threads");
        Dataset<Row> now = table("legacy").where("run_date = '2026-12-01'").select("trial_id", "iia", "threads");
        List<Row> joined = old.join(now, "trial_id").collectAsList();
        assertEquals(2, joined.size());
        for (Row row : joined) {
            assertEquals(row.getInt(2), row.getInt(4), "same threads");
            assertEquals(row.getDouble(1), row.getDouble(3), 0.0, "IIA of trial " + row.getString(0));
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
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
    void importedNetworkIsValidatedAndUsed() throws IOException {
        Path models = models();
        assumeTrue(models != null || System.getenv("DASWEEP_REQUIRE_MODELS") != null, "../shared/models is absent");
        assertTrue(models != null, "DASWEEP_REQUIRE_MODELS is set but ../shared/models is absent");
        String imported = SWEEP.formatted("unit-imported", "[[circularity, color]]", "[16]")
                .replace("  trained: {count: 2, images: 2000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}",
                        "  imported:\n    - {name: amir, path: " + models.resolve("amir_cnn_model.pth") + ", objective: equal}")
                .replace("    - {layer: fc1, view: flat, k: [1]}\n", "");
        Path f = dir.resolve("imported.yaml");
        Files.writeString(f, imported);
        RunResult r = run(f, TrialFunction.ENGINE);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.computed());
        Row row = table("unit-imported").first();
        assertEquals("imported", row.getAs("network_source"));
        assertEquals("amir", row.getAs("network"));
        assertTrue((double) row.getAs("network_test_accuracy") > 0.8, "the notebook's network is a good classifier");
        assertTrue((double) row.getAs("iia") > 0.5);
    }

    @Test
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
