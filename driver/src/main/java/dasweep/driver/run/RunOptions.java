package dasweep.driver.run;

import dasweep.driver.sweep.Grid;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What {@code dasweep run} was asked to do.
 *
 * @param sweepFile the sweep YAML
 * @param out       output directory or Hadoop URI; the table is {@code <out>/trials}
 * @param master    Spark master URL (null: take it from the properties, else {@code local[*]})
 * @param resume    adopt results staged by an unfinished earlier run instead of recomputing them
 * @param dryRun    print counts and an estimated cost; no Spark, nothing written
 * @param runDate   the {@code run_date} partition
 * @param sparkConf Spark properties file (null: {@code conf/spark-local.properties})
 * @param overrides Spark properties from {@code --conf}
 * @param progress  how progress is shown: a bar (a terminal), a line every {@code spark.dasweep.progressSeconds} (no
 *                  terminal), or neither; {@code <out>/_progress.json} is written in every case
 * @param maxTrials the largest grid accepted (a sweep of more cells is bad input)
 * @param recompute compute every cell again under this run's date (cells OK on other dates count as not done)
 */
public record RunOptions(Path sweepFile, String out, String master, boolean resume, boolean dryRun, LocalDate runDate,
                         Path sparkConf, Map<String, String> overrides, RunProgress.Mode progress, long maxTrials,
                         boolean recompute) {
    public RunOptions {
        overrides = Map.copyOf(overrides);
    }

    public static RunOptions of(Path sweepFile, String out) {
        return new RunOptions(sweepFile, out, null, false, false, LocalDate.now(ZoneOffset.UTC), null, Map.of(), RunProgress.Mode.BAR,
                Grid.MAX_TRIALS, false);
    }

    public RunOptions withResume(boolean r) {
        return new RunOptions(sweepFile, out, master, r, dryRun, runDate, sparkConf, overrides, progress, maxTrials,
                recompute);
    }

    public RunOptions withRunDate(LocalDate d) {
        return new RunOptions(sweepFile, out, master, resume, dryRun, d, sparkConf, overrides, progress, maxTrials,
                recompute);
    }

    public RunOptions withProgress(RunProgress.Mode p) {
        return new RunOptions(sweepFile, out, master, resume, dryRun, runDate, sparkConf, overrides, p, maxTrials,
                recompute);
    }

    public RunOptions withRecompute(boolean r) {
        return new RunOptions(sweepFile, out, master, resume, dryRun, runDate, sparkConf, overrides, progress, maxTrials,
                r);
    }
}
