package dasweep.executor;

import dasweep.executor.das.InterventionType;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.SharedModels;
import java.util.List;

/** The seed notebook's network and trial, for tests. */
public final class Notebook {
    private Notebook() {
    }

    /** The notebook's trained network, read from ../shared/models (skips or fails as SharedModels says). */
    public static NetworkWeights weights() {
        return NetworkWeights.read(SharedModels.pth());
    }

    public static byte[] safetensors() {
        return weights().toSafetensors();
    }

    /** The notebook's single-source trial: {circularity, color}, conv1 rows, rotated, k 64, 3 epochs. */
    public static TrialSpec singleSource(int nTrain, int nEval, int epochs, long dataSeed, long seed) {
        return new TrialSpec(Objective.EQUAL, List.of(Variable.CIRCULARITY, Variable.COLOR), Site.CONV1, View.ROWS,
                InterventionType.ROTATED, 64, false, epochs, 5e-4, 256, nTrain, nEval, dataSeed, seed);
    }

    /** The notebook's multi-source trial: one source per variable, disjoint blocks of 64. */
    public static TrialSpec multiSource(int nTrain, int nEval, int epochs, long dataSeed, long seed) {
        return new TrialSpec(Objective.EQUAL, List.of(Variable.CIRCULARITY, Variable.COLOR), Site.CONV1, View.ROWS,
                InterventionType.ROTATED, 64, true, epochs, 5e-4, 256, nTrain, nEval, dataSeed, seed);
    }
}
