package dasweep.driver.run;

import java.util.List;

/**
 * What a {@code dasweep run} did, for tests and scripts.
 *
 * @param exitCode        0 all trials OK, 1 some trials FAILED or the run failed, 2 bad input
 * @param networks        base networks in the sweep
 * @param networksBuilt   networks trained or imported by this run (the rest were reused from the store)
 * @param trials          trials in the sweep (unique cells)
 * @param computed        trials computed by this run
 * @param skipped         trials already OK in the table
 * @param adopted         trials adopted from an unfinished run's staging (--resume)
 * @param failed          trials of this run that FAILED
 * @param estimateSeconds the cost model's estimate in core-seconds (dry run)
 * @param tablePath       the table, {@code <out>/trials}
 * @param runId           this run's id
 * @param summary         the summary table's lines
 */
public record RunResult(int exitCode, int networks, int networksBuilt, int trials, int computed, int skipped,
                        int adopted, int failed, double estimateSeconds, String tablePath, String runId,
                        List<String> summary) {
    public static RunResult badInput() {
        return new RunResult(dasweep.executor.cli.Exit.BAD_INPUT, 0, 0, 0, 0, 0, 0, 0, 0, null, null, List.of());
    }
}
