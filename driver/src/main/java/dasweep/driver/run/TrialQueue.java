package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.TrialOutcome;

import dasweep.driver.spark.Progress;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.sweep.Grid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
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

    /** What every batch shares: the done set and staged outcomes, the packing rule, the task and where it reports. */
    public record Settings(Set<String> done, List<Staging.Staged> staged, boolean resume, boolean pack, int slots,
                    TrialsStage.Task task, String group, LongAccumulator failures, Progress progress) {
    }

    private final SparkSession spark;
    private final Settings settings;
    private final List<Grid.Cell> waiting;
    private final Map<Integer, StoredNetwork> ready = new HashMap<>();
    private final Set<String> queued = new HashSet<>();
    private final ConcurrentLinkedQueue<TrialOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentJobs jobs;

    public TrialQueue(SparkSession spark, List<Grid.Cell> cells, Settings settings) {
        this.spark = spark;
        this.settings = settings;
        this.waiting = new ArrayList<>(cells);
        this.jobs = new ConcurrentJobs(spark.sparkContext(), settings.group());
    }

    /** Networks that became ready: plans the cells that now can run and starts their job. */
    public synchronized void networksReady(Map<Integer, StoredNetwork> networks) {
        ready.putAll(networks);
        List<Grid.Cell> now = new ArrayList<>();
        for (Grid.Cell cell : waiting) {
            if (ready.containsKey(cell.network().ordinal())
                    && (cell.controls() == null || ready.containsKey(cell.controls().network().ordinal()))) {
                now.add(cell);
            }
        }
        waiting.removeAll(now);
        List<Trial> trials = Plan.trials(now, ready).stream().filter(t -> queued.add(t.trialId())).toList();
        Plan plan = Plan.of(trials, settings.done(), settings.staged(), settings.resume());
        if (plan.todo().isEmpty()) {
            return;
        }
        List<Pack> packs = Packs.jobs(plan.todo(), settings.pack(), settings.slots());
        LOG.info("stage 2: {} trials of {} network(s) in {} tasks{}", plan.todo().size(), networks.size(),
                packs.size(), settings.pack() ? ", packed, at most " + Packs.cap(plan.todo().size(), settings.slots())
                        + " per task" : ", pack: false, one per task");
        settings.progress().grow(packs.size());
        jobs.submit(() -> outcomes.addAll(TrialsStage.run(spark, packs, settings.task(), settings.group(),
                settings.failures())));
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
