package dasweep.driver.cli;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunProgress;
import dasweep.driver.run.RunResult;
import dasweep.driver.run.SweepRunner;
import dasweep.driver.sweep.Grid;
import dasweep.executor.cli.BadInput;
import dasweep.executor.cli.Exit;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dasweep run SWEEP.yaml}: a sweep on Spark into one Parquet table. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a sweep: validate, expand, train/import base networks, run the DAS trials on Spark, "
                + "append the results to <out>/trials (Parquet). Exit codes: 0 all OK, 1 failed trials or run, 2 bad input "
                + "(refused before the output is locked or Spark starts).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "the sweep file")
    Path sweep;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "output directory or Hadoop URI (hdfs://, s3a://); default: ${DEFAULT-VALUE}")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master; default: spark.master in the Spark properties, else local[*]")
    String master;

    @Option(names = "--resume", description = "keep the results staged by an unfinished earlier run")
    boolean resume;

    @Option(names = "--recompute", description = "compute every cell again under this run's --run-date (for nightly "
            + "runs that must show drift); a rerun or --resume of the same date computes only what is missing")
    boolean recompute;

    @Option(names = "--dry-run", description = "print the numbers of base networks and trials and an estimated cost; "
            + "start nothing, write nothing")
    boolean dryRun;

    @Option(names = "--run-date", paramLabel = "D", description = "the run_date partition (yyyy-MM-dd); default: today (UTC)")
    String runDate;

    @Option(names = "--spark-conf", paramLabel = "FILE",
            description = "Spark properties file; default: conf/spark-local.properties")
    Path sparkConf;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark property (repeatable)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--max-trials", paramLabel = "N", defaultValue = "" + Grid.MAX_TRIALS,
            description = "refuse a grid of more trials than this (counted before any is built); default: ${DEFAULT-VALUE}")
    long maxTrials;

    @Option(names = "--no-progress", negatable = false, description = "no progress bar or progress lines (a bar on a "
            + "terminal; otherwise a line every spark.dasweep.progressSeconds, default 30); <out>/_progress.json is "
            + "written either way")
    boolean noProgress;

    /**
     * Whether the bar can redraw its line: stdin and stdout are a terminal ({@link System#console()}), and so is
     * stderr, where it is drawn ({@code ./dasweep} tells with {@code -Ddasweep.stderrTerminal}, from {@code [ -t 2 ]}).
     */
    static boolean terminal() {
        return System.console() != null && !"false".equals(System.getProperty("dasweep.stderrTerminal"));
    }

    /** The last run's result (for tests calling through {@link Main}). */
    public RunResult result;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var outStream = spec.commandLine().getOut();
        LocalDate date;
        try {
            date = runDate == null ? LocalDate.now(ZoneOffset.UTC) : Options.parseDate("--run-date", runDate);
        } catch (BadInput e) {
            result = RunResult.badInput();
            return Exit.bad(err, null, e.getMessage());
        }
        RunOptions opts = new RunOptions(sweep, out, master, resume, dryRun, date, sparkConf, conf,
                noProgress ? RunProgress.Mode.OFF : terminal() ? RunProgress.Mode.BAR : RunProgress.Mode.LINES,
                maxTrials, recompute);
        result = new SweepRunner(opts, outStream, err).run(null);
        outStream.flush();
        err.flush();
        return result.exitCode();
    }
}
