package dasweep.driver;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.run.TrialFunction;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packed sweeps on Spark {@code local[2]} with the real engine: the same trial ids and IIAs (within 0.005) as
 * {@code pack: false}, one row per trial recording its pack, and a crash mid-pack that loses nothing staged.
 */
@Tag("integration")
class PackedSweepIntegrationTest {
    /** One network; 3 variable sets × conv3/flat k 2 × epochs 1 and 2 = 6 trials, which pack 3 and 3 on 2 slots. */
    static final String SWEEP = """
            name: %s
            %s
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 1, images: 1000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[circularity], [color], [area]]
              sites:
                - {layer: conv3, view: flat, k: [2]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [1, 2]
              batch: [128]
              seeds: [0]
            """;

    @RegisterExtension
    static final LocalSpark SPARK = new LocalSpark("dasweep-pack-it");

    @TempDir
    Path dir;

    Path sweep(String name, String pack) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, SWEEP.formatted(name, pack));
        return f;
    }

    RunResult run(RunOptions opts, TrialFunction function) {
        return SPARK.run(opts, function);
    }

    Dataset<Row> table(String sweep) {
        return SPARK.session().read().parquet(dir.resolve("out/trials").toString()).where(functions.col("sweep").equalTo(sweep));
    }

    @Test
    void aPackedSweepGivesTheTrialIdsAndIiasOfAnUnpackedOne() throws IOException {
        String out = dir.resolve("out").toString();
        RunResult alone = run(RunOptions.of(sweep("unit-alone", "pack: false"), out), TrialFunction.ENGINE);
        RunResult packed = run(RunOptions.of(sweep("unit-packed", "pack: true"), out), TrialFunction.ENGINE);
        assertEquals(0, alone.exitCode(), alone.toString());
        assertEquals(0, packed.exitCode(), packed.toString());
        assertEquals(6, packed.computed());
        assertEquals(0, packed.networksBuilt(), "the same output's network store serves both sweeps");

        Map<String, Double> iiaAlone = iias(table("unit-alone"));
        Map<String, Double> iiaPacked = iias(table("unit-packed"));
        assertEquals(6, table("unit-packed").count(), "one row per trial");
        assertEquals(iiaAlone.keySet(), iiaPacked.keySet(), "packing does not change trial ids");
        double gap = 0;
        for (String id : iiaAlone.keySet()) {
            assertEquals(iiaAlone.get(id), iiaPacked.get(id), 0.005, "IIA of trial " + id);
            gap = Math.max(gap, Math.abs(iiaAlone.get(id) - iiaPacked.get(id)));
        }
        System.out.println("packed vs unpacked sweep: max |ΔIIA| " + gap);
        assertEquals(6, table("unit-alone").where("pack_size = 1 AND pack_id IS NULL").count());
        Dataset<Row> rows = table("unit-packed");
        assertEquals(6, rows.where("pack_size = 3 AND pack_id IS NOT NULL AND status = 'OK'").count());
        assertEquals(2, rows.select("pack_id").distinct().count(), "6 trials in 2 packs of 3 on 2 slots");
        assertEquals(6, rows.where("wall_seconds > 0 AND train_seconds > 0 AND eval_seconds > 0"
                + " AND size(epoch_seconds) = epochs").count());
    }

    private static Map<String, Double> iias(Dataset<Row> t) {
        return t.where("status = 'OK'").select("trial_id", "iia").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    }

    /** Ends its pack's task with an error no trial catches right after the pack's first trials are staged. */
    static final class CrashAfterFirstReport implements TrialFunction {
        @Override
        public TrialResult run(TrialSpec spec, byte[] network, int threads, String device) throws Exception {
            return ENGINE.run(spec, network, threads, device);
        }

        @Override
        public void runPack(List<TrialSpec> specs, byte[] network, int threads, String device,
                            PackedTrial.Listener listener) throws Exception {
            ENGINE.runPack(specs, network, threads, device, done -> {
                listener.finished(done);
                throw new SweepIntegrationTest.Crash();
            });
        }
    }

    @Test
    void aCrashMidPackLosesNothingStagedAndResumeComputesOnlyTheRest() throws IOException, InterruptedException {
        Path f = sweep("unit-pack-resume", "");
        String out = dir.resolve("out").toString();
        RunResult crashed = run(RunOptions.of(f, out), new CrashAfterFirstReport());
        assertEquals(1, crashed.exitCode(), crashed + "\n" + SweepIntegrationTest.listing(Path.of(out)));
        assertFalse(Files.exists(dir.resolve("out/trials/sweep=unit-pack-resume")),
                "nothing of a crashed run is visible: " + crashed + "\n" + SweepIntegrationTest.listing(Path.of(out)));
        SPARK.awaitNoRunningTasks();   // the other pack's task ends at its next report
        long staged = SweepIntegrationTest.stagedFiles(dir.resolve("out/_staging"));
        assertTrue(staged >= 1 && staged < 6, "the 1-epoch trials of a pack are staged before its crash: " + staged);

        RunResult resumed = run(RunOptions.of(f, out).withResume(true), TrialFunction.ENGINE);
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(staged, resumed.adopted());
        assertEquals(6 - staged, resumed.computed(), "only the trials never staged run again");
        Dataset<Row> t = table("unit-pack-resume");
        assertEquals(6, t.where("status = 'OK'").count());
        assertEquals(6, t.select("trial_id").distinct().count());
        assertEquals(0, run(RunOptions.of(f, out).withResume(true), TrialFunction.ENGINE).computed());
    }
}
