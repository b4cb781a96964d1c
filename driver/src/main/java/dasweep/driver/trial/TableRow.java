package dasweep.driver.trial;

/** One row of the results table: the run, the planned trial, and its outcome ({@link dasweep.driver.spark.ResultsSchema}). */
public record TableRow(RunInfo run, Trial trial, TrialOutcome outcome) {
}
