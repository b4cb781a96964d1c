package dasweep.driver.run;

import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.TrialOutcome;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.SubspaceStore;
import dasweep.driver.spark.DasweepProperties;
import dasweep.driver.spark.ResultsTable;
import dasweep.driver.spark.SparkSessions;
import dasweep.driver.sweep.CostModel;
import dasweep.driver.sweep.Grid;
import dasweep.driver.sweep.MemoryCheck;
import dasweep.driver.sweep.Sweep;
import dasweep.driver.sweep.SweepException;
import dasweep.driver.sweep.SweepLoader;
import dasweep.executor.cli.Exit;
import dasweep.executor.spec.SpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code dasweep run}, as a pipeline of named steps: load and expand the sweep, read the imported networks
 * (all before Spark starts, so bad input writes nothing); then the networks stage, the plan (trial ids, what
 * is done, what is staged), the trials stage, the commit (one append to {@code <out>/trials}) and the summary.
 */
public final class SweepRunner {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");

    private final RunOptions opts;
    private final PrintWriter out;
    private final PrintWriter err;
    private final TrialFunction trialFunction;

    public SweepRunner(RunOptions opts, PrintWriter out, PrintWriter err) {
        this(opts, out, err, TrialFunction.ENGINE);
    }

    /** @param trialFunction what runs one trial: the engine, or in tests a function that fails or crashes */
    public SweepRunner(RunOptions opts, PrintWriter out, PrintWriter err, TrialFunction trialFunction) {
        this.opts = opts;
        this.out = out;
        this.err = err;
        this.trialFunction = trialFunction;
    }

    /** Runs the sweep, creating (and stopping) a SparkSession when {@code spark} is null. */
    public RunResult run(SparkSession spark) {
        Sweep sweep;
        Grid.Expansion grid;
        SparkSessions.Settings settings;
        Imports imports;
        String outUri = absolute(opts.out());
        try {
            sweep = SweepLoader.load(opts.sweepFile());
            grid = Grid.expand(sweep, opts.maxTrials());
            if (opts.dryRun()) {
                return DryRun.print(sweep, grid, out);
            }
            settings = SparkSessions.forOutput(SparkSessions.settings(opts.sparkConf(), opts.overrides()), outUri);
            DasweepProperties.check(settings.properties());
            MemoryCheck.check(sweep, grid, SparkSessions.executorMemory(opts.master(), settings));
            imports = Imports.read(sweep, grid, new NetworkStore(outUri + "/networks", settings.hadoop()),
                    settings.hadoop());
        } catch (SweepException | SpecException e) {
            Exit.line(err, null, e.getMessage());
            return RunResult.badInput();
        } catch (IOException e) {
            Exit.line(err, null, "cannot read the Spark properties or the output store: " + e);
            return RunResult.badInput();
        }
        boolean own = spark == null;
        String runId = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        OutputLock lock = null;
        try {
            lock = OutputLock.acquire(outUri, runId, sweep.name(), settings.hadoop());   // one run per output
            if (own) {
                spark = SparkSessions.create(opts.master(), "dasweep " + sweep.name(), settings);
            }
            return execute(spark, sweep, grid, imports, outUri, runId);
        } catch (OutputLock.HeldException e) {
            Exit.line(err, null, e.getMessage());
            return new RunResult(1, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, 0,
                    outUri + "/trials", null, List.of());
        } catch (Exception e) {       // Spark's own exceptions are checked ones that Scala throws unchecked
            if (!Interrupt.requested()) {        // after Ctrl-C the failure is its echo: one line was printed
                LOG.error("run failed", e);
                String why = StoreFailure.in(e).map(f -> f + "; what was staged stays for --resume")
                        .orElseGet(() -> e.toString().lines().findFirst().orElse(""));
                Exit.line(err, null, "run failed: " + why + " (the log has the whole trace)");
            }
            return new RunResult(1, grid.networks().size(), 0, grid.cells().size(), 0, 0, 0, 0, 0,
                    outUri + "/trials", null, List.of());
        } finally {
            if (own && spark != null) {
                spark.stop();
            }
            OutputLock.release(lock);
        }
    }

    private RunResult execute(SparkSession spark, Sweep sweep, Grid.Expansion grid, Imports imports, String outUri,
                              String runId) throws IOException {
        RunInfo run = new RunInfo(runId, sweep.name(), opts.runDate().toString(), spark.version());
        int threads = SparkSessions.threadsPerTask(spark);
        NetworkStore store = new NetworkStore(outUri + "/networks", spark.sparkContext().hadoopConfiguration());
        ResultsTable table = new ResultsTable(spark, outUri + "/trials");
        Staging staging = new Staging(outUri, sweep.name());
        LOG.info("run {}: sweep {}, {} networks, {} trials, master {}, {} thread(s) per task", runId, sweep.name(),
                grid.networks().size(), grid.cells().size(), spark.sparkContext().master(), threads);
        // the table and staging are read beside stage 1 (one small Spark job and a listing): each batch of trials
        // waits for them in its own job thread, and the networks' jobs start at once
        String recomputeDate = opts.recompute() ? run.runDate() : null;
        CompletableFuture<Known> known = CompletableFuture.supplyAsync(() -> {
            try {
                TableState state = TableState.read(table, sweep.name());
                List<Staging.Staged> found = staging.list(table.hadoopConf());
                if (!found.isEmpty() && !opts.resume()) {
                    err.printf("dasweep: %d results of sweep %s staged by unfinished runs under %s/_staging are "
                            + "ignored; use --resume to keep them%n", found.size(), sweep.name(), outUri);
                }
                return new Known(state, ReadyTrials.Known.of(state.doneIds(recomputeDate), found));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "dasweep-table-read");
            t.setDaemon(true);
            t.start();
        });
        NetworksStage.Result networks;
        List<TrialOutcome> outcomes;
        String group = "dasweep-" + runId;
        ProgressEstimate estimate = ProgressEstimate.of(CostModel.of(grid, sweep.pack()), grid.networks().size(),
                SparkSessions.taskSlots(spark) * threads);
        try (RunProgress progress = new RunProgress(spark.sparkContext(), opts.progress(),
                DasweepProperties.progressSeconds(spark), new TrialCount(grid.cells().size(), grid.networks().size()),
                estimate, new ProgressFile(outUri, table.hadoopConf(), sweep.name(), runId, Instant.now()), err)) {
            try (TrialQueue trials = new TrialQueue(spark, grid.cells(), new TrialQueue.Settings(
                    known.thenApply(Known::plan), opts.resume(), sweep.pack(), SparkSessions.taskSlots(spark),
                    new TrialsStage.Task(trialFunction, store.uri(), staging.runFolder(runId), threads, run,
                    sweep.keepSubspaces() ? outUri + "/" + SubspaceStore.FOLDER : null), group + "-trials",
                    progress))) {
                networks = NetworksStage.run(spark, grid.networks(), imports, store, threads, group + "-networks",
                        progress.count(), trials::networksReady);
                outcomes = trials.await();
            }
            Known read = TrialQueue.known(known);
            Plan plan = Plan.of(Plan.trials(grid.cells(), networks.networks()), read.plan().done(),
                    read.plan().staged(), opts.resume());
            LOG.info("stage 2: {} trials, {} already in the table, {} adopted from staging, {} computed",
                    plan.trials().size(), plan.skipped(), plan.adopted().size(), plan.todo().size());
            if (plan.nothingToDo()) {
                progress.finish();
                out.printf("nothing to compute: all %d trials of sweep %s are already in %s%n", plan.trials().size(),
                        sweep.name(), table.uri());
                staging.drop(plan.redundantStaged(List.of()), table.hadoopConf());
                return finish(0, sweep, grid, networks, plan, 0, table, read.table().summary(sweep, List.of()), runId);
            }
            List<Row> rows = Commit.rows(run, plan, outcomes);
            Commit.write(table, rows, staging, runId, plan, outcomes);
            progress.finish();
            int failed = (int) outcomes.stream().filter(o -> !o.ok()).count();
            LOG.info("committed {} rows ({} computed, {} adopted, {} failed) to {}", rows.size(), outcomes.size(),
                    plan.adopted().size(), failed, table.uri());
            return finish(failed > 0 ? 1 : 0, sweep, grid, networks, plan, failed, table,
                    read.table().summary(sweep, rows), runId);
        }
    }

    private RunResult finish(int code, Sweep sweep, Grid.Expansion grid, NetworksStage.Result networks, Plan plan,
                             int failed, ResultsTable table, List<String> summary, String runId) {
        summary.forEach(out::println);
        int computed = plan.todo().size();
        if (!plan.nothingToDo()) {
            out.printf("%d trials computed (%d failed), %d already done, %d adopted from staging; table: %s%n",
                    computed, failed, plan.skipped(), plan.adopted().size(), table.uri());
        } else {
            out.printf("table: %s%n", table.uri());
        }
        return new RunResult(code, grid.networks().size(), networks.built(), plan.trials().size(), computed,
                plan.skipped(), plan.adopted().size(), failed, 0, table.uri(), runId, summary);
    }

    /** What was read of the table and staging: the table's OK rows, and the planning's view of them. */
    private record Known(TableState table, ReadyTrials.Known plan) {
    }

    static String absolute(String out) {
        if (out.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") || out.startsWith("file:")) {
            return out.replaceAll("/+$", "");
        }
        return Path.of(out).toAbsolutePath().normalize().toUri().toString().replaceAll("/+$", "");
    }
}
