package dasweep.executor;

import dasweep.executor.spec.TrialSpec;

import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.SharedModels;

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
        return TrialSpec.builder().epochs(epochs).nTrain(nTrain).nEval(nEval).dataSeed(dataSeed).seed(seed).build();
    }

    /** The notebook's multi-source trial: one source per variable, disjoint blocks of 64. */
    public static TrialSpec multiSource(int nTrain, int nEval, int epochs, long dataSeed, long seed) {
        return singleSource(nTrain, nEval, epochs, dataSeed, seed).toBuilder().multiSource(true).build();
    }
}
