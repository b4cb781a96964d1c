package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialOutcome;

import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2 as the networks become ready: a cell's trial can run once its network (and, for a control, the network of
 * the cell it controls) is in the store, so each network's trials start as soon as stage 1 has it instead of after
 * the slowest network. The cells that became ready together are planned as {@link Plan} plans a whole run (skip what
 * is done, adopt what is staged with {@code --resume}), packed ({@link Packs}) and run as one Spark job
 * ({@link TrialsStage}) beside stage 1's jobs. The same trials are computed as with the stages one after the other.
 */
public final class TrialQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");

    /**
     * What every batch shares: what the table and staging hold (read while stage 1 runs: each batch waits for it in
     * its own job thread, never the thread that reports networks), the packing rule, the task and where it reports.
     */
    public record Settings(CompletableFuture<ReadyTrials.Known> known, boolean resume, boolean pack, int slots,
                           TrialsStage.Task task, String group, RunProgress progress) {
    }

    private final SparkSession spark;
    private final Settings settings;
    private final ReadyTrials planner;
    private final ConcurrentLinkedQueue<TrialOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentJobs jobs;

    public TrialQueue(SparkSession spark, List<Grid.Cell> cells, Settings settings) {
        this.spark = spark;
        this.settings = settings;
        this.planner = new ReadyTrials(cells);
        this.jobs = new ConcurrentJobs(spark.sparkContext(), settings.group());
    }

    /**
     * Networks that became ready: finds the trials that now can run ({@link ReadyTrials}) and starts a job that
     * plans them (once the table has been read), packs them and runs them.
     */
    public synchronized void networksReady(Map<Integer, StoredNetwork> networks) {
        List<Trial> trials = planner.networksReady(networks);
        if (trials.isEmpty()) {
            return;
        }
        jobs.submit(() -> {
            ReadyTrials.Batch batch = ReadyTrials.plan(trials, known(settings.known()), settings.resume(),
                    settings.pack(), settings.slots());
            List<Pack> packs = batch.packs();
            RunProgress progress = settings.progress();
            progress.count().alreadyDone(batch.plan().skipped() + batch.plan().adopted().size());
            if (packs.isEmpty()) {
                return;
            }
            int todo = batch.plan().todo().size();
            LOG.info("stage 2: {} trials of {} network(s) in {} tasks{}", todo, networks.size(), packs.size(),
                    settings.pack() ? ", packed, at most " + Packs.cap(todo, settings.slots()) + " per task"
                            : ", pack: false, one per task");
            List<TrialOutcome> done = TrialsStage.run(spark, packs, settings.task(), settings.group(),
                    progress.trialsDone(), progress.trialsFailed());
            progress.count().collected(done.size(), done.stream().filter(o -> !o.ok()).count());
            outcomes.addAll(done);
        });
    }

    /** The future's value; its failure as it was thrown (an I/O error reading the table wrapped unchecked). */
    public static <T> T known(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.toString(), cause);
        }
    }

    /** Waits for every trial started; their outcomes. */
    public List<TrialOutcome> await() {
        jobs.await();
        return List.copyOf(outcomes);
    }

    @Override
    public void close() {
        jobs.close();
    }
}
