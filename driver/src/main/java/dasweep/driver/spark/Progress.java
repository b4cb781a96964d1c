package dasweep.driver.spark;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A listener on the driver that moves a console progress bar (tasks done/total, failures, ETA) as the
 * tasks of the job groups whose id starts with one prefix end (a run's networks and trials, which overlap).
 */
public final class Progress extends SparkListener implements AutoCloseable {
    private final String jobGroupPrefix;
    private final ProgressBar bar;
    private final LongSupplier failures;
    private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    private final AtomicLong done = new AtomicLong();

    private final org.apache.spark.SparkContext sc;

    /** Registers itself on {@code sc}; {@link #close()} unregisters it. */
    public Progress(org.apache.spark.SparkContext sc, String jobGroupPrefix, String name, long total, LongSupplier failures,
                    PrintStream out, boolean show) {
        this.sc = sc;
        this.jobGroupPrefix = jobGroupPrefix;
        this.failures = failures;
        this.bar = show ? new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(out, 100)).build() : null;
        if (bar != null) {
            bar.setExtraMessage("failed 0");
        }
        sc.addSparkListener(this);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        if (e.properties() != null && String.valueOf(e.properties().getProperty("spark.jobGroupPrefix.id")).startsWith(jobGroupPrefix)) {
            stages.add(e.stageInfo().stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        if (stages.contains(e.stageId()) && e.reason() == Success$.MODULE$) {
            long n = done.incrementAndGet();
            if (bar != null) {
                bar.stepTo(n);
                bar.setExtraMessage("failed " + failures.getAsLong());
            }
        }
    }

    /** Adds {@code more} tasks to the total (work found as the run goes on). */
    public synchronized void grow(long more) {
        if (bar != null) {
            bar.maxHint(bar.getMax() + more);
        }
    }

    public long done() {
        return done.get();
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
        if (bar != null) {
            bar.setExtraMessage("failed " + failures.getAsLong());
            bar.close();
        }
    }
}
