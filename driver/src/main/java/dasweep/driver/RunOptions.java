package dasweep.driver;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dasweep run} was asked to do.
 *
 * @param sweepFile         the sweep YAML
 * @param out               output directory or Hadoop URI; the table is {@code <out>/trials}
 * @param master            Spark master URL (null: take it from the properties, else {@code local[*]})
 * @param resume            adopt results staged by an unfinished earlier run instead of recomputing them
 * @param dryRun            print counts and an estimated cost; no Spark, nothing written
 * @param runDate           the {@code run_date} partition
 * @param sparkConf         Spark properties file (null: {@code conf/spark-local.properties})
 * @param overrides         Spark properties from {@code --conf}
 * @param failCells         fault injection: cell indices whose trial throws (also {@code spark.dasweep.test.failTrials})
 * @param crashBeforeCommit fault injection: stop after stage 2, before the table commit (also
 *                          {@code spark.dasweep.test.crashBeforeCommit})
 * @param progress          show the progress bar
 */
public record RunOptions(Path sweepFile, String out, String master, boolean resume, boolean dryRun, LocalDate runDate,
                         Path sparkConf, Map<String, String> overrides, Set<Integer> failCells,
                         boolean crashBeforeCommit, boolean progress) {
    public RunOptions {
        overrides = Map.copyOf(overrides);
        failCells = Set.copyOf(failCells);
    }

    public static RunOptions of(Path sweepFile, String out) {
        return new RunOptions(sweepFile, out, null, false, false, LocalDate.now(java.time.ZoneOffset.UTC), null,
                Map.of(), Set.of(), false, true);
    }

    public RunOptions withResume(boolean r) {
        return new RunOptions(sweepFile, out, master, r, dryRun, runDate, sparkConf, overrides, failCells,
                crashBeforeCommit, progress);
    }

    public RunOptions withFailCells(Set<Integer> cells) {
        return new RunOptions(sweepFile, out, master, resume, dryRun, runDate, sparkConf, overrides, cells,
                crashBeforeCommit, progress);
    }

    public RunOptions withCrashBeforeCommit(boolean c) {
        return new RunOptions(sweepFile, out, master, resume, dryRun, runDate, sparkConf, overrides, failCells, c,
                progress);
    }

    public RunOptions withSweepFile(Path f) {
        return new RunOptions(f, out, master, resume, dryRun, runDate, sparkConf, overrides, failCells,
                crashBeforeCommit, progress);
    }

    public RunOptions withDryRun(boolean d) {
        return new RunOptions(sweepFile, out, master, resume, d, runDate, sparkConf, overrides, failCells,
                crashBeforeCommit, progress);
    }
}
