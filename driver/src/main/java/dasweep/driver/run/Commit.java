package dasweep.driver.run;

import dasweep.driver.trial.Trial;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.TableRow;
import dasweep.driver.trial.TrialOutcome;

import dasweep.driver.spark.ResultsSchema;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.StagedRows;
import org.apache.spark.sql.Row;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's one write to the table: the computed and adopted outcomes as rows, each trial once, in a
 * single append (the output committer makes it visible at once); then this run's staging goes.
 */
public final class Commit {
    private Commit() {
    }

    /** The rows to append: computed outcomes first, then adopted ones; a trial id appears once. */
    public static List<Row> rows(RunInfo run, Plan plan, List<TrialOutcome> computed) {
        Map<String, Trial> byId = new LinkedHashMap<>();
        plan.todo().forEach(t -> byId.put(t.trialId(), t));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (TrialOutcome o : computed) {
            Trial t = byId.get(o.trialId());
            if (t == null) {
                throw new IllegalStateException("outcome of trial " + o.trialId() + " that this run did not plan");
            }
            rows.putIfAbsent(o.trialId(), ResultsSchema.toRow(new TableRow(run, t, o)));
        }
        for (Plan.Adopted a : plan.adopted()) {
            rows.putIfAbsent(a.trial().trialId(), StagedRows.adopt(new TableRow(run, a.trial(), null), a.staged().row()));
        }
        return List.copyOf(rows.values());
    }

    /**
     * Appends the rows, then drops this run's staging and the staged files the rows made redundant
     * ({@link Plan#redundantStaged}).
     */
    public static void write(ResultsTable table, List<Row> rows, Staging staging, String runId, Plan plan,
                             List<TrialOutcome> computed) throws IOException {
        table.append(rows);
        org.apache.hadoop.fs.Path mine = new org.apache.hadoop.fs.Path(staging.runFolder(runId));
        table.fileSystem(mine).delete(mine, true);
        staging.drop(plan.redundantStaged(computed), table.hadoopConf());
    }
}
