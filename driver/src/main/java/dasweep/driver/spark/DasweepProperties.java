package dasweep.driver.spark;

import dasweep.executor.spec.Limits;
import dasweep.executor.spec.SpecException;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * dasweep's own Spark properties ({@code spark.dasweep.*}, read by the driver), each checked as a sweep field is:
 * a bad value or an unknown name is one line naming the property, exit 2, before the output is locked or Spark
 * starts.
 */
public final class DasweepProperties {
    /** The engine's intra-op threads per task ({@link SparkSessions#threadsPerTask(String, int, String, String)}). */
    public static final String THREADS_PER_TASK = "spark.dasweep.threadsPerTask";

    /**
     * How often a run reports progress: without a terminal a line on stderr, and always {@code <out>/_progress.json},
     * every so many seconds (1 to {@link #MAX_PROGRESS_SECONDS}; default {@link #PROGRESS_SECONDS_DEFAULT}).
     */
    public static final String PROGRESS_SECONDS = "spark.dasweep.progressSeconds";
    public static final int PROGRESS_SECONDS_DEFAULT = 30;
    public static final int MAX_PROGRESS_SECONDS = 86_400;

    private DasweepProperties() {
    }

    /** Refuses an unknown {@code spark.dasweep.*} property or a bad value: a {@link SpecException} naming it. */
    public static void check(Map<String, String> properties) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (!e.getKey().startsWith("spark.dasweep.")) {
                continue;
            }
            if (e.getKey().equals(THREADS_PER_TASK)) {
                Limits.threads(e.getValue(), e.getKey());
            } else if (e.getKey().equals(PROGRESS_SECONDS)) {
                progressSeconds(e.getValue());
            } else {
                throw new SpecException(e.getKey(), "unknown dasweep property, expected " + THREADS_PER_TASK + " or "
                        + PROGRESS_SECONDS, "'" + e.getValue() + "'");
            }
        }
    }

    /** This session's {@link #PROGRESS_SECONDS}. */
    public static int progressSeconds(SparkSession spark) {
        return progressSeconds(spark.conf().get(PROGRESS_SECONDS, "" + PROGRESS_SECONDS_DEFAULT));
    }

    /** {@code text} as {@link #PROGRESS_SECONDS}; a {@link SpecException} naming the property otherwise. */
    public static int progressSeconds(String text) {
        String problem = "must be a whole number of seconds between 1 and " + MAX_PROGRESS_SECONDS;
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SpecException(PROGRESS_SECONDS, problem, "'" + text + "'");
        }
        SpecException.check(value >= 1 && value <= MAX_PROGRESS_SECONDS, PROGRESS_SECONDS, problem, value);
        return value;
    }
}
