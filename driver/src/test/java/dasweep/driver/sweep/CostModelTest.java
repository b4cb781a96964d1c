package dasweep.driver.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.spec.TrialSpec;
import dasweep.executor.spec.InterventionType;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dry run's cost model against the measurements it was calibrated on (README "Performance"). */
class CostModelTest {
    private static TrialSpec paper(Site site, int k) {
        return TrialSpec.builder().variables(Variable.COLOR).site(site).view(View.FLAT).type(InterventionType.LOW_RANK)
                .k(k).batchSize(512).epochs(3).build();
    }

    /** Measured wall seconds per epoch, idle 2-core machine, 2 threads (2026-12-02). */
    private static void assertEpoch(TrialSpec spec, double measured) {
        double modelled = CostModel.step(spec, spec.training().batchSize())
                * Math.ceil((double) spec.data().nTrain() / spec.training().batchSize());
        assertTrue(Math.abs(modelled / measured - 1) < 0.30, spec.intervention() + ": model " + modelled
                + " s per epoch, measured " + measured);
    }

    @Test
    void epochsAreWithinThirtyPercentOfTheCalibrationRuns() {
        assertEpoch(paper(Site.CONV1, 4), 2.0);
        assertEpoch(paper(Site.CONV2, 4), 0.90);
        assertEpoch(paper(Site.CONV3, 4), 0.36);
        assertEpoch(paper(Site.FC1, 1), 0.07);
        assertEpoch(TrialSpec.builder().build(), 2.5);                      // the seed trial
    }

    @Test
    void packedTrialsShareOneSetup() {
        List<Map.Entry<Object, TrialSpec>> trials = new ArrayList<>();
        for (int k : new int[] {4, 8, 16, 32, 64}) {
            trials.add(Map.entry(0, paper(Site.FC1, 1).toBuilder().k(1).seed(k).build()));
        }
        double unpacked = CostModel.trials(trials, false);
        double packed = CostModel.trials(trials, true);
        TrialSpec one = trials.get(0).getValue();
        assertEquals(5 * CostModel.trial(one), unpacked, 1e-9);
        assertEquals(unpacked - 4 * CostModel.setup(one), packed, 1e-9);
        trials.add(Map.entry(1, one));                                       // another network: its own setup
        assertEquals(packed + CostModel.trial(one), CostModel.trials(trials, true), 1e-9);
    }
}
