package dasweep.driver.run;

import dasweep.driver.BuildInfo;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.Progress;
import dasweep.driver.spark.TaskEnv;
import dasweep.executor.TrialResult;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: one Spark task per trial. Each task reads its network from the store, runs the trial function,
 * stages its outcome and returns it; an exception becomes a FAILED outcome, and the stage goes on.
 */
public final class TrialsStage {
    private TrialsStage() {
    }

    /**
     * Runs the jobs and returns their outcomes.
     *
     * @param function      what runs one trial ({@link TrialFunction#ENGINE} in production)
     * @param stagingFolder where each task stages its outcome
     */
    public static List<TrialOutcome> run(SparkSession spark, List<TrialJob> jobs, Task task, String group,
                                         Progress.Factory progress) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator failures = spark.sparkContext().longAccumulator("dasweep.failed");
        jsc.setJobGroup(group, "stage 2: " + jobs.size() + " DAS trials", false);
        try (Progress p = progress.open(group, "trials", jobs.size(), failures::value)) {
            return jsc.parallelize(jobs, jobs.size()).map(job -> {
                TrialOutcome o = task.run(job);
                if (!o.ok()) {
                    failures.add(1);
                }
                return o;
            }).collect();
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** What runs inside one task: the trial function with the store, the staging folder and the threads. */
    public record Task(TrialFunction function, String storeUri, String stagingFolder, int threads)
            implements Serializable {
        private static final Logger LOG = LoggerFactory.getLogger("dasweep.task");

        public TrialOutcome run(TrialJob job) throws IOException {
            long start = System.currentTimeMillis();
            Configuration conf = TaskEnv.hadoopConf();
            String gpu = TaskEnv.assignedGpu();
            TrialResult result = null;
            String error = null;
            try {
                byte[] network = new NetworkStore(storeUri, conf).read(job.networkKey(), job.networkSha256());
                result = function.run(job.spec(), network, threads, gpu);
            } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {   // the task boundary: safe to go on
                LOG.warn("trial {} FAILED", describe(job), e);
                error = Failures.describe(e);
            }
            Provenance where = new Provenance(TaskEnv.host(), TaskEnv.executorId(),
                    result != null ? result.device() : gpu, result != null ? result.threads() : threads,
                    BuildInfo.codeVersion(), BuildInfo.djlVersion(), BuildInfo.pytorchVersion(), start,
                    (System.currentTimeMillis() - start) / 1000.0);
            TrialOutcome outcome = new TrialOutcome(job.trialId(), job.spec(), result, error, where);
            if (outcome.ok()) {
                LOG.info("trial {}: iia {} ({} s)", describe(job), String.format("%.4f", result.iia()),
                        String.format("%.1f", where.wallSeconds()));
            }
            Staging.write(stagingFolder, outcome, conf);
            return outcome;
        }

        private static String describe(TrialJob job) {
            var at = job.spec().intervention();
            return job.trialId().substring(0, Math.min(12, job.trialId().length())) + " " + String.join("+",
                    job.spec().variables().stream().map(v -> v.id()).toList()) + " " + at.siteId() + " "
                    + at.type().id() + " k=" + at.k() + (at.multiSource() ? " multi" : "");
        }
    }
}
