package dasweep.driver.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's progress on the driver, in trials ({@link TrialCount}) with an ETA from the cost model
 * ({@link ProgressEstimate}): on a terminal a progress bar on stderr; otherwise (cron, a cluster's driver, output
 * redirected) one line on stderr every {@code spark.dasweep.progressSeconds}; either way {@code <out>/_progress.json}
 * ({@link ProgressFile}) at the same pace and once more at the end. A Spark listener: each task of trials counts
 * them in two accumulators as it stages them, and Spark hands their values over with each executor heartbeat and at
 * the task's end, on the driver of a cluster run as in {@code local[*]}.
 */
public final class RunProgress extends SparkListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");

    /** How progress is shown: a bar (a terminal), lines (no terminal), or neither ({@code --no-progress}). */
    public enum Mode { BAR, LINES, OFF }

    private final SparkContext sc;
    private final Mode mode;
    private final TrialCount count;
    private final ProgressEstimate estimate;
    private final ProgressFile file;
    private final PrintWriter err;
    private final LongAccumulator done;
    private final LongAccumulator failed;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final ProgressBar bar;
    private boolean fileWarned;
    private boolean ended;
    private boolean barClosed;

    /**
     * Registers itself on {@code sc} and starts reporting every {@code seconds}; {@link #finish()} ends it as
     * finished, {@link #close()} without it as failed.
     */
    public RunProgress(SparkContext sc, Mode mode, int seconds, TrialCount count, ProgressEstimate estimate,
                       ProgressFile file, PrintWriter err) {
        this.sc = sc;
        this.mode = mode;
        this.count = count;
        this.estimate = estimate;
        this.file = file;
        this.err = err;
        this.done = sc.longAccumulator("dasweep.trials.done");
        this.failed = sc.longAccumulator("dasweep.trials.failed");
        this.bar = mode != Mode.BAR ? null : new ProgressBarBuilder().setTaskName("trials")
                .setInitialMax(count.counts().trials()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000)
                .continuousUpdate().setEtaFunction(state -> Optional.of(Duration.ofSeconds(Math.round(eta().seconds()))))
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 110)).build();
        sc.addSparkListener(this);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dasweep-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> report("running"), 0, seconds, TimeUnit.SECONDS);
        if (bar != null) {
            timer.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
        }
    }

    public TrialCount count() {
        return count;
    }

    /** Counts a task's staged trials (each task adds 1 per trial). */
    public LongAccumulator trialsDone() {
        return done;
    }

    /** Counts a task's staged failed trials. */
    public LongAccumulator trialsFailed() {
        return failed;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate e) {
        var updates = e.accumUpdates().iterator();
        while (updates.hasNext()) {
            var task = updates.next();
            long[] v = values(task._4());
            if (v != null) {
                count.running((Long) task._1(), v[0], v[1]);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        long task = e.taskInfo().taskId();
        long[] v = values(e.taskInfo().accumulables());
        if (v != null || count.tracks(task)) {
            count.ended(task, v == null ? 0 : v[0], v == null ? 0 : v[1], e.reason() == Success$.MODULE$);
        }
    }

    /** This run's {done, failed} among a task's accumulator values; null when it has counted no trial. */
    private long[] values(scala.collection.Iterable<AccumulableInfo> infos) {
        long[] v = null;
        var it = infos.iterator();
        while (it.hasNext()) {
            AccumulableInfo a = it.next();
            scala.Option<Object> value = a.update().isDefined() ? a.update() : a.value();
            if (value.isEmpty() || (a.id() != done.id() && a.id() != failed.id())) {
                continue;
            }
            v = v == null ? new long[2] : v;
            v[a.id() == done.id() ? 0 : 1] = ((Number) value.get()).longValue();
        }
        return v;
    }

    private double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    private ProgressEstimate.Eta eta() {
        return estimate.eta(count.counts(), elapsed());
    }

    private synchronized void redraw() {
        if (barClosed) {
            return;
        }
        TrialCount.Counts c = count.counts();
        bar.stepTo(c.done());
        bar.setExtraMessage(String.format("failed %d, networks %d/%d, ETA by %s", c.failed(), c.networksDone(),
                c.networks(), eta().basis()));
    }

    /** The progress line: {@code dasweep: trials 12/72 done (1 failed), networks 3/3, 2m10s elapsed, ETA ...}. */
    static String line(TrialCount.Counts c, double elapsed, ProgressEstimate.Eta eta) {
        return String.format("dasweep: trials %d/%d done (%d failed), networks %d/%d, %s elapsed, %s", c.done(),
                c.trials(), c.failed(), c.networksDone(), c.networks(), ProgressEstimate.duration(elapsed),
                eta == null ? "ended" : "ETA " + ProgressEstimate.duration(eta.seconds()) + " (" + eta.basis() + ")");
    }

    private synchronized void report(String state) {
        if (ended) {
            return;
        }
        TrialCount.Counts c = count.counts();
        boolean running = state.equals("running");
        ProgressEstimate.Eta eta = running ? estimate.eta(c, elapsed()) : null;
        if (mode == Mode.LINES) {
            err.println(line(c, elapsed(), eta));
            err.flush();
        }
        try {
            file.write(state, c, eta, Instant.now());
        } catch (IOException | RuntimeException e) {
            if (!fileWarned) {
                fileWarned = true;
                LOG.warn("cannot write {}: {} (the run goes on)", file.uri(), e.toString());
            }
        }
        ended = !running;
    }

    /** The run has committed: the last report, {@code "state": "finished"}. */
    public void finish() {
        stop();
        report("finished");
    }

    /** Stops reporting; a run that did not {@link #finish()} is reported {@code "failed"}. */
    @Override
    public void close() {
        stop();
        report("failed");
        sc.removeSparkListener(this);
    }

    private synchronized void stop() {
        if (timer.isShutdown()) {
            return;
        }
        timer.shutdown();          // a report under way ends first (report is synchronized on this too)
        if (bar != null) {
            redraw();
            bar.close();
            barClosed = true;
        }
    }
}
