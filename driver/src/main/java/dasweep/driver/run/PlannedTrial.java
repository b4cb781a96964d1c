package dasweep.driver.run;

import dasweep.driver.spark.StoredNetwork;
import dasweep.driver.sweep.Grid;

/**
 * A cell of the sweep with its network resolved: what the driver knows of a trial before it runs.
 *
 * @param trialId the trial's id (spec and network sha256)
 * @param cell    the grid cell: its index, network reference and spec
 * @param network the network as stored (key, sha256, test accuracy)
 * @param controlsTrialId for a control trial, the trial id of the DAS cell it controls; null for a DAS trial
 */
public record PlannedTrial(String trialId, Grid.Cell cell, StoredNetwork network, String controlsTrialId) {
    public PlannedTrial(String trialId, Grid.Cell cell, StoredNetwork network) {
        this(trialId, cell, network, null);
    }

    /** What the task receives. */
    public TrialJob job() {
        return new TrialJob(trialId, cell.spec(), network.key(), network.sha256());
    }
}
