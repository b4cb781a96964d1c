package dasweep.driver.run;

import dasweep.driver.trial.Trial;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.TableRow;
import dasweep.driver.trial.TrialOutcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.trial.TrialIds;
import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.SweepLoader;
import dasweep.executor.spec.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan (trial ids, done-set, adoption of staged outcomes) and the commit's rows, without Spark. */
class PlanTest {
    @TempDir
    java.nio.file.Path tmp;

    List<Trial> trials;

    @BeforeEach
    void expand() throws IOException {
        java.nio.file.Path f = tmp.resolve("good.yaml");
        Files.writeString(f, dasweep.driver.BadSweepTest.GOOD);
        Grid.Expansion grid = Grid.expand(SweepLoader.load(f));
        Map<Integer, StoredNetwork> nets = Map.of(0, network("a"), 1, network("b"));
        trials = Plan.trials(grid.cells(), nets);
    }

    static StoredNetwork network(String sha) {
        return new StoredNetwork("key-" + sha, "net-" + sha, "trained", sha.repeat(64), 0.9, List.of(0.5), 1, "h", "e");
    }

    static TrialOutcome ok(Trial t, double iia) {
        TrialResult r = new TrialResult(iia, 0.5, 0.9, 0.3, List.of(0.3), 1e-6, List.of(1.0), 1, 0.5, "cpu()", 1);
        return new TrialOutcome(t.trialId(), r, null, provenance());
    }

    static TrialOutcome failed(Trial t) {
        return new TrialOutcome(t.trialId(), null, "java.lang.IllegalStateException: x", provenance());
    }

    static Provenance provenance() {
        return new Provenance("host", "1", null, 1, "0.1.0+abc", "0.33.0", "2.5.1", 0, 1.5);
    }

    /** What a task of run {@code runId} stages for outcome {@code o}. */
    Staging.Staged staged(String runId, TrialOutcome o) {
        Trial t = trials.stream().filter(x -> x.trialId().equals(o.trialId())).findFirst().orElseThrow();
        return new Staging.Staged(new Path("file:/out/_staging/unit/" + runId + "/" + o.trialId() + ".json"),
                dasweep.driver.spark.StagedRows.toJson(new TableRow(new RunInfo(runId, "unit", "2026-12-01", "4.2.0"), t, o)));
    }

    @Test
    void trialIdsCoverTheSpecAndTheNetwork() {
        assertEquals(12, trials.size());
        assertEquals(TrialIds.trialId(trials.get(0).spec(), "a".repeat(64)), trials.get(0).trialId());
        assertEquals(12, trials.stream().map(Trial::trialId).distinct().count());
        assertEquals(trials.get(0).trialId(), trials.get(0).trialId());
        assertEquals("key-a", trials.get(0).stored().key());
    }

    @Test
    void doneTrialsAreSkippedAndTheRestAreToDo() {
        Plan plan = Plan.of(trials, Set.of(trials.get(0).trialId(), trials.get(5).trialId()), List.of(), false);
        assertEquals(2, plan.skipped());
        assertEquals(10, plan.todo().size());
        assertTrue(plan.adopted().isEmpty());
    }

    @Test
    void stagedOkOutcomesAreAdoptedOnlyWithResume() {
        List<Staging.Staged> staged = List.of(staged("run-1", ok(trials.get(1), 0.8)),
                staged("run-1", failed(trials.get(2))), staged("run-1", ok(trials.get(3), 0.7)));
        Set<String> done = Set.of(trials.get(3).trialId());

        Plan without = Plan.of(trials, done, staged, false);
        assertEquals(11, without.todo().size());
        assertTrue(without.adopted().isEmpty());
        assertEquals(3, without.staged().size(), "found, so the runner can warn about them");

        Plan with = Plan.of(trials, done, staged, true);
        assertEquals(1, with.adopted().size(), "a FAILED outcome is recomputed, a done trial is not adopted again");
        assertEquals(trials.get(1).trialId(), with.adopted().get(0).trial().trialId());
        assertEquals("run-1", with.adopted().get(0).staged().runId());
        assertEquals(10, with.todo().size());
        assertEquals(1, with.skipped());
    }

    @Test
    void theCommitWritesEachTrialOnceWithAdoptedRowsUnderTheirOwnRun() {
        Plan plan = Plan.of(trials, Set.of(), List.of(staged("run-1", ok(trials.get(1), 0.8))), true);
        RunInfo run = new RunInfo("run-2", "unit", "2026-12-02", "4.2.0");
        List<TrialOutcome> computed = List.of(ok(trials.get(0), 0.9), ok(trials.get(0), 0.9), failed(trials.get(2)));
        List<Row> rows = Commit.rows(run, plan, computed);
        assertEquals(3, rows.size());
        assertEquals("run-2", rows.get(0).getString(index("run_id")));
        assertEquals("run-1", rows.get(2).getString(index("run_id")), "an adopted row keeps the run that computed it");
        assertEquals("2026-12-02", rows.get(2).getString(index("run_date")), "and takes the adopting run's date");
        assertEquals(0.8, rows.get(2).getDouble(index("iia")));
        assertEquals(ResultsSchema.toRow(new TableRow(run.withRunId("run-1"), trials.get(1), ok(trials.get(1), 0.8))),
                rows.get(2), "the adopted row is the row the computing run would have written on this date");
        assertThrows(IllegalStateException.class, () -> Commit.rows(run, plan, List.of(ok(trials.get(1), 0.8))),
                "an outcome the run did not plan");
    }

    @Test
    void oneFunctionTurnsAnOutcomeIntoTheRow() {
        RunInfo run = new RunInfo("run-2", "unit", "2026-12-02", "4.2.0");
        Trial t = trials.get(1);
        Row ok = ResultsSchema.toRow(new TableRow(run, t, ok(t, 0.8)));
        Row bad = ResultsSchema.toRow(new TableRow(run, t, failed(t)));
        assertEquals(ResultsSchema.COLUMNS.size(), ok.size());
        assertEquals(0.8, ok.getDouble(index("iia")));
        assertEquals("OK", ok.getString(index("status")));
        assertEquals(t.spec().intervention().k(), ok.getInt(index("k")));
        assertEquals("0.1.0+abc", ok.getString(index("code_version")));
        assertEquals("FAILED", bad.getString(index("status")));
        assertNull(bad.get(index("iia")));
        assertNull(bad.get(index("epoch_losses")));
        assertEquals("java.lang.IllegalStateException: x", bad.getString(index("error")));
        assertEquals(TrialIds.specJson(t.spec()), bad.getString(index("spec_json")));
    }

    static int index(String column) {
        return ResultsSchema.COLUMNS.stream().map(ResultsSchema.Column::name).toList().indexOf(column);
    }
}
