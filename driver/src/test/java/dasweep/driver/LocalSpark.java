package dasweep.driver;

import dasweep.driver.run.RunOptions;
import dasweep.driver.run.RunResult;
import dasweep.driver.run.SweepRunner;

import dasweep.driver.run.TrialFunction;
import dasweep.driver.spark.SparkSessions;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Spark integration tests' session: embedded {@code local[2]} with the production settings, started once per
 * test class and stopped after it ({@code @RegisterExtension static final LocalSpark SPARK = new LocalSpark(name)}),
 * and sweeps run on it as {@code dasweep run} runs them, printing to the test's output.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private final String appName;
    private SparkSession session;

    public LocalSpark(String appName) {
        this.appName = appName;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        session = SparkSessions.create("local[2]", appName, SparkSessions.settings(null, Map.of()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (session != null) {
            session.stop();
        }
    }

    public SparkSession session() {
        return session;
    }

    /** Runs a sweep with {@code function} as every trial's engine. */
    public RunResult run(RunOptions opts, TrialFunction function) {
        return new SweepRunner(opts, new PrintWriter(System.out, true), new PrintWriter(System.err, true), function)
                .run(session);
    }

    /**
     * Waits until no task runs on the session (at most a minute): after a failed job, Spark's other tasks of it end
     * on their own, at their next check of the kill flag.
     */
    public void awaitNoRunningTasks() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (Arrays.stream(session.sparkContext().statusTracker().getExecutorInfos())
                .anyMatch(e -> e.numRunningTasks() > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tasks still running a minute after the job ended");
            }
            Thread.sleep(100);
        }
    }
}
