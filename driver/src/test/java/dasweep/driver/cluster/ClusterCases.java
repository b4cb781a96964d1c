package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.apache.spark.sql.Row;

/**
 * The cluster tier's fault cases, whatever the output is (a local folder, {@code hdfs://}, {@code s3a://}) and
 * wherever the hosts are: an executor killed mid-stage, the driver killed mid-stage then {@code --resume}. Each runs
 * {@link StandaloneClusterIT#FAULTS} (6 trials) with spark-submit.
 */
final class ClusterCases {
    static final Duration RUN_LIMIT = Duration.ofMinutes(8);

    /** A run's output as the cases look at it. */
    interface Output {
        /** Trials staged under {@code _staging}. */
        long staged();

        /** Parquet files a reader of {@code trials} sees (not those of a job's temporary folders). */
        long visibleParquet();

        /** {@code _lock} exists. */
        boolean locked();

        /** The sweep's rows: trial_id, iia, status first. */
        List<Row> rows(String sweep) throws IOException;
    }

    private ClusterCases() {
    }

    /**
     * {@code kill -9} of an executor JVM once a trial is staged: the run finishes (exit 0), 6 trial_ids once, all OK.
     *
     * @param submit the spark-submit command of a run of the FAULTS sweep into {@code out}
     */
    static Path anExecutorKilledMidStageCostsNothing(Cluster cluster, Output out, List<String> submit, Path log)
            throws Exception {
        Process run = Cluster.launch(submit, log);
        awaitFirstStaged(run, out, log);
        List<Long> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "no executor JVM found under " + cluster.dir.resolve("work"));
        ProcessHandle victim = ProcessHandle.of(executors.get(0)).orElseThrow();
        assertEquals(0, new ProcessBuilder("kill", "-9", "" + victim.pid()).start().waitFor());
        victim.onExit().get(30, TimeUnit.SECONDS);

        assertTrue(run.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, run.exitValue(), Cluster.tail(log));
        List<Row> rows = out.rows("faults");
        assertEquals(6, StandaloneClusterIT.iiaById(rows).size(), rows.toString());
        assertEquals(6, rows.size(), "every trial_id exactly once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK")), rows.toString());
        return log;
    }

    /**
     * {@code kill -9} of the driver once a trial is staged: no Parquet visible, the lock left; then {@code --resume}
     * takes the lock over, adopts what was staged and computes only the rest: 6 rows, no duplicate, lock released.
     *
     * @param submit the spark-submit command of a run of the FAULTS sweep into {@code out}, with the options given
     */
    static Path aKilledDriverIsResumedWithOnlyTheMissingTrials(Cluster cluster, Output out,
                                                             Function<String[], List<String>> submit, Path log,
                                                             Path log2) throws Exception {
        Process run = Cluster.launch(submit.apply(new String[0]), log);
        awaitFirstStaged(run, out, log);
        run.destroyForcibly();                       // SIGKILL of the spark-submit JVM, i.e. the driver
        run.waitFor();
        assertEquals(137, run.exitValue());
        // the master ends the application's executors once its driver is gone; then nothing more is staged
        Cluster.await("the executors of the killed driver to end", Duration.ofMinutes(2),
                () -> cluster.executors().isEmpty());
        long staged = out.staged();
        assertTrue(staged >= 1 && staged < 6 + 1, "staged " + staged);
        assertEquals(0, out.visibleParquet(), "no Parquet file of the killed run is visible to a reader");
        assertTrue(out.locked(), "the killed driver's lock is left behind");

        int code = Cluster.runToEnd(submit.apply(new String[] {"--resume"}), log2, RUN_LIMIT);
        assertEquals(0, code, Cluster.tail(log2));
        Matcher m = StandaloneClusterIT.summary(log2);
        assertEquals(staged, Long.parseLong(m.group(4)), "adopted: " + m.group());
        assertEquals(6 - staged, Long.parseLong(m.group(1)), "computed: " + m.group());
        assertTrue(Files.readString(log2).contains("taking over from run"), "the dead driver's lock was taken over");
        List<Row> rows = out.rows("faults");
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(6, StandaloneClusterIT.iiaById(rows).size(), "no duplicate");
        assertFalse(out.locked(), "released");
        return log2;
    }

    /** Waits until the run has staged a trial; fails when it ended before. */
    static void awaitFirstStaged(Process run, Output out, Path log) throws InterruptedException {
        Cluster.await("the first staged trial", RUN_LIMIT, () -> out.staged() > 0 || !run.isAlive());
        assertTrue(run.isAlive(), () -> "the run ended before a trial was staged: " + Cluster.tail(log));
    }
}
