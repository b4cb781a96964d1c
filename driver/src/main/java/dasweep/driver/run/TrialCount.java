package dasweep.driver.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The progress counting rule: trials, not tasks. A pack is one task that finishes several trials, one after another;
 * each task counts its trials in accumulators as it stages them, and Spark reports a running task's counts with each
 * executor heartbeat ({@code spark.executor.heartbeatInterval}, 10 s) and its final counts when it ends. So:
 *
 * <ul>
 *   <li>trials done = trials already done when their network became ready (in the table, or adopted from staging
 *   with {@code --resume}: counted up front, before any trial of theirs runs) + the final counts of the tasks that
 *   succeeded + the latest count of each task still running;</li>
 *   <li>a running task's count never goes back (heartbeats may arrive out of order), and one reported after its
 *   task ended is ignored;</li>
 *   <li>a task that fails (Spark killed it) loses its running count: its trials are not done;</li>
 *   <li>a job's outcomes, once returned to the driver, are a floor (its tasks' end events may come later);</li>
 *   <li>networks done = those in the store or imported when the run started + those trained since.</li>
 * </ul>
 * Thread-safe: Spark's listener thread reports tasks, the run's job threads the rest.
 */
public final class TrialCount {
    /**
     * One moment of a run.
     *
     * @param computed trials this run has computed (done less those done up front)
     * @param built    networks this run has trained
     */
    public record Counts(long trials, long done, long failed, long computed, int networks, int networksDone,
                         int built) {
    }

    private final long trials;
    private final int networks;
    private long upFront;
    private long endedDone;
    private long endedFailed;
    private long collectedDone;
    private long collectedFailed;
    private int networksUpFront;
    private int built;
    private final Map<Long, long[]> running = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();

    public TrialCount(long trials, int networks) {
        this.trials = trials;
        this.networks = networks;
    }

    /** Trials found done when their network became ready: in the table, or adopted from staging. */
    public synchronized void alreadyDone(long n) {
        upFront += n;
    }

    /** Networks ready: {@code built} when this run trained them, else found in the store or imported. */
    public synchronized void networksReady(int n, boolean trained) {
        if (trained) {
            built += n;
        } else {
            networksUpFront += n;
        }
    }

    /** A running task's counts so far (a heartbeat). */
    public synchronized void running(long task, long done, long failed) {
        if (ended.contains(task)) {
            return;
        }
        long[] counts = running.computeIfAbsent(task, t -> new long[2]);
        counts[0] = Math.max(counts[0], done);
        counts[1] = Math.max(counts[1], failed);
    }

    /** A task of trials ended: its final counts when it succeeded; nothing when Spark failed or killed it. */
    public synchronized void ended(long task, long done, long failed, boolean success) {
        running.remove(task);
        if (ended.add(task) && success) {
            endedDone += done;
            endedFailed += failed;
        }
    }

    /**
     * A job of trials has returned its outcomes to the driver: a floor for the counts, since Spark's listener events
     * (and so the tasks' final counts) may reach this count after the job has returned.
     */
    public synchronized void collected(long done, long failed) {
        collectedDone += done;
        collectedFailed += failed;
    }

    /** Whether {@code task} has reported counts while running. */
    public synchronized boolean tracks(long task) {
        return running.containsKey(task);
    }

    public synchronized Counts counts() {
        long runningDone = 0;
        long runningFailed = 0;
        for (long[] c : running.values()) {
            runningDone += c[0];
            runningFailed += c[1];
        }
        long done = Math.min(trials, upFront + Math.max(endedDone + runningDone, collectedDone));
        return new Counts(trials, done, Math.max(endedFailed + runningFailed, collectedFailed),
                Math.max(0, done - upFront), networks,
                Math.min(networks, networksUpFront + built), built);
    }
}
