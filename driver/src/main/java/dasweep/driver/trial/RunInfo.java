package dasweep.driver.trial;

/**
 * Facts of the run that wrote a row (serializable: each trial task carries it, to stage its row).
 *
 * @param runId        the run that computed the row
 * @param sweep        the sweep's name (partition)
 * @param runDate      the run's date, yyyy-MM-dd (partition)
 * @param sparkVersion Spark on the driver
 */
public record RunInfo(String runId, String sweep, String runDate, String sparkVersion) implements java.io.Serializable {
    public RunInfo withRunId(String id) {
        return new RunInfo(id, sweep, runDate, sparkVersion);
    }
}
