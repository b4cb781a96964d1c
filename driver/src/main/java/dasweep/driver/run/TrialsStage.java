package dasweep.driver.run;

import dasweep.driver.trial.Pack;
import dasweep.driver.trial.Trial;
import dasweep.driver.trial.Provenance;
import dasweep.driver.trial.RunInfo;
import dasweep.driver.trial.TableRow;
import dasweep.driver.trial.TrialOutcome;

import dasweep.driver.trial.BuildInfo;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.SubspaceStore;
import dasweep.driver.spark.TaskEnv;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.weights.SubspaceFile;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: one Spark task per pack ({@link Packs}; a pack of one is a plain trial). Each task reads its network
 * (once per executor JVM, {@link NetworkStore#read}), runs the pack and stages each trial's outcome as soon as the
 * trial finishes, so a crash mid-pack loses nothing already staged. An exception in a trial fails that trial; one
 * that ends the whole pack fails every trial of it not yet staged, with the reason; the stage goes on. A store that
 * cannot be read or written ({@link StoreFailure}) fails the task instead: Spark runs it again.
 */
public final class TrialsStage {
    private TrialsStage() {
    }

    /**
     * Runs the packs as one Spark job, on the calling thread (the job group is the thread's), and returns one outcome
     * per trial.
     *
     * @param task   what each task runs (with the trial function: {@link TrialFunction#ENGINE} in production)
     * @param done   counts each trial as its task stages it ({@link RunProgress} reads it while the task runs)
     * @param failed counts each failed trial the same way
     */
    public static List<TrialOutcome> run(SparkSession spark, List<Pack> packs, Task task, String group,
                                         LongAccumulator done, LongAccumulator failed) {
        if (packs.isEmpty()) {
            return List.of();
        }
        int trials = packs.stream().mapToInt(Pack::size).sum();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobGroup(group, "stage 2: " + trials + " DAS trials in " + packs.size() + " tasks", false);
        try {
            return jsc.parallelize(packs, packs.size()).flatMap(pack -> task.run(pack, outcome -> {
                done.add(1);
                if (!outcome.ok()) {
                    failed.add(1);
                }
            }).iterator()).collect();
        } finally {
            jsc.clearJobGroup();
        }
    }

    /**
     * What runs inside one task: the trial function with the store, the staging folder, the threads and the run (its
     * rows are staged in the table's form), and where learned subspaces go ({@code <out>/subspaces}; null: the sweep
     * does not keep them).
     */
    public record Task(TrialFunction function, String storeUri, String stagingFolder, int threads, RunInfo run,
                       String subspacesUri) implements Serializable {
        private static final Logger LOG = LoggerFactory.getLogger("dasweep.task");

        /** A task that keeps no subspaces. */
        public Task(TrialFunction function, String storeUri, String stagingFolder, int threads, RunInfo run) {
            this(function, storeUri, stagingFolder, threads, run, null);
        }

        /** One trial alone (a pack of one). */
        public TrialOutcome run(Trial job) throws IOException {
            return run(Pack.of(job)).get(0);
        }

        /** The pack's outcomes, in the pack's order, each staged as its trial finishes. */
        public List<TrialOutcome> run(Pack pack) throws IOException {
            return run(pack, outcome -> { });
        }

        /** The same, telling {@code staged} each outcome once it is staged. */
        public List<TrialOutcome> run(Pack pack, Consumer<TrialOutcome> staged) throws IOException {
            long start = System.currentTimeMillis();
            Configuration conf = TaskEnv.hadoopConf();
            String gpu = TaskEnv.assignedGpu();
            List<Trial> jobs = pack.trials();
            TrialOutcome[] outcomes = new TrialOutcome[jobs.size()];
            long[] previous = {start};
            double[] readShare = {0};
            PackedTrial.Listener listener = done -> {
                stopIfKilled();
                long now = System.currentTimeMillis();
                double share = (now - previous[0]) / 1000.0 / done.size();
                previous[0] = now;
                for (PackedTrial d : done) {
                    Trial job = jobs.get(d.member());
                    double wall = Double.isNaN(d.setupSeconds()) ? share : readShare[0] + d.setupSeconds()
                            + (d.result() == null ? 0 : d.result().trainSeconds() + d.result().evalSeconds());
                    TrialOutcome o = outcome(job, d, pack, gpu, start, wall, conf);
                    outcomes[d.member()] = o;
                    Staging.write(stagingFolder, new TableRow(run, job, o), conf);
                    staged.accept(o);
                }
            };
            try {
                byte[] network = read(pack, conf);
                readShare[0] = (System.currentTimeMillis() - start) / 1000.0 / pack.size();
                function.runPack(jobs.stream().map(Trial::spec).toList(), network, threads, gpu, listener);
            } catch (TaskKilledException | StoreFailure e) {   // the job was cancelled or failed, or the store did:
                throw e;                                         // stage nothing more, fail the task
            } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {   // the task boundary: safe to go on
                if (pack.size() > 1) {
                    LOG.warn("pack {} of {} trials FAILED", pack.id(), pack.size(), e);
                }
                listener.finished(unreported(outcomes, e));
            }
            List<PackedTrial> lost = unreported(outcomes, new IllegalStateException("the pack ended without "
                    + "reporting this trial"));
            if (!lost.isEmpty()) {
                listener.finished(lost);
            }
            return Arrays.asList(outcomes);
        }

        /** The pack's network; a store that cannot be read fails the task ({@link StoreFailure}). */
        private byte[] read(Pack pack, Configuration conf) throws IOException {
            NetworkStore store = null;
            try {
                store = new NetworkStore(storeUri, conf);
                return store.read(pack.networkKey(), pack.networkSha256());
            } catch (NetworkStore.ChangedException e) {          // the bytes are not the network: the trials fail
                throw e;
            } catch (IOException e) {
                throw new StoreFailure("read", store == null ? storeUri : store.path(pack.networkKey()), e);
            }
        }

        /**
         * Ends a task whose job Spark has cancelled or failed (it marks the task killed, and a pack does not look at
         * its thread's interrupt), so that a run that has ended does not go on staging outcomes behind it.
         */
        private static void stopIfKilled() {
            TaskContext context = TaskContext.get();
            if (context != null) {
                context.killTaskIfInterrupted();
            }
        }

        private static List<PackedTrial> unreported(TrialOutcome[] outcomes, Throwable why) {
            List<PackedTrial> out = new ArrayList<>();
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    out.add(PackedTrial.failed(i, why));
                }
            }
            return out;
        }

        private TrialOutcome outcome(Trial job, PackedTrial done, Pack pack, String gpu, long start,
                                     double seconds, Configuration conf) {
            TrialResult result = done.result();
            Throwable failure = done.failure();
            SubspaceStore.Stored stored = null;
            if (result != null && result.subspace() != null) {     // stored here, never shipped back to the driver
                try {
                    stored = keep(job, result, conf);
                    result = result.withoutSubspace();
                } catch (IOException e) {                  // the store's failure, not the trial's
                    throw new StoreFailure("write", subspacesUri, e);
                } catch (RuntimeException e) {
                    result = null;
                    failure = new IOException("could not store the learned subspace under " + subspacesUri, e);
                }
            }
            String error = null;
            if (result == null) {
                LOG.warn("trial {} FAILED", describe(job), failure);
                error = Failures.describe(failure);
            }
            Provenance where = new Provenance(TaskEnv.host(), TaskEnv.executorId(),
                    result != null ? result.device() : gpu, result != null ? result.threads() : threads,
                    BuildInfo.codeVersion(), BuildInfo.djlVersion(), BuildInfo.pytorchVersion(), start, seconds,
                    pack.size(), pack.id());
            TrialOutcome outcome = new TrialOutcome(job.trialId(), result, error, where,
                    stored == null ? null : stored.uri(), stored == null ? null : stored.sha256());
            if (outcome.ok()) {
                LOG.info("trial {}: iia {} ({} s{})", describe(job), String.format("%.4f", result.iia()),
                        String.format("%.1f", seconds), pack.size() > 1 ? ", pack of " + pack.size() : "");
            }
            return outcome;
        }

        /** Writes the trial's subspace to the store when the sweep keeps them; null when it does not. */
        private SubspaceStore.Stored keep(Trial job, TrialResult result, Configuration conf) throws IOException {
            if (subspacesUri == null) {
                return null;
            }
            long t0 = System.nanoTime();
            SubspaceStore.Stored stored = new SubspaceStore(subspacesUri, conf)
                    .put(SubspaceFile.encode(result.subspace(), job.spec()));
            LOG.debug("trial {}: subspace of {} bytes stored in {} s", describe(job), result.subspace().bytes(),
                    (System.nanoTime() - t0) / 1e9);
            return stored;
        }

        private static String describe(Trial job) {
            var at = job.spec().intervention();
            return job.trialId().substring(0, Math.min(12, job.trialId().length())) + " " + String.join("+",
                    job.spec().variables().stream().map(v -> v.id()).toList()) + " " + at.siteId() + " "
                    + at.type().id() + " k=" + at.k() + (at.multiSource() ? " multi" : "");
        }
    }
}
