package dasweep.driver.run;

/** One row of the results table: the run, the planned trial, and its outcome ({@link dasweep.driver.spark.ResultsSchema}). */
public record TableRow(RunInfo run, PlannedTrial trial, TrialOutcome outcome) {
}
