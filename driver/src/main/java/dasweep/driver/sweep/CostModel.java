package dasweep.driver.sweep;

import dasweep.executor.BaseNetworkSpec;
import dasweep.executor.TrialSpec;
import dasweep.executor.das.InterventionType;

/**
 * A rough, documented cost model for {@code --dry-run}: core-seconds on the CPU build, calibrated on two
 * measurements on a 2-core machine (a base network on 50,000 images × 5 epochs ≈ 120 s; a trial at
 * conv1/rows, rotated, k = 64 on 10,000 pairs ≈ 15 s per epoch). It is an estimate (±2×), not a promise.
 */
public final class CostModel {
    /** Core-seconds per image-epoch of base training (120 s × 2 cores / 250,000). */
    static final double BASE_PER_IMAGE_EPOCH = 120.0 * 2 / 250_000;
    /** Core-seconds per training pair-epoch of the network forward/backward (15 s × 2 cores / 10,000). */
    static final double PAIR_EPOCH = 15.0 * 2 / 10_000;
    /** Core-seconds per multiply-add of the rotation, per pair (fitted so conv1/rows rotated k=64 stays ≈ PAIR_EPOCH). */
    static final double ROTATION_MAC = 1e-9;

    private CostModel() {
    }

    public static double baseNetwork(BaseNetworkSpec spec) {
        return BASE_PER_IMAGE_EPOCH * spec.nImages() * spec.epochs() + 0.001 * spec.nTest();
    }

    public static double trial(TrialSpec spec) {
        int sources = spec.sources();
        double n = spec.features();
        double r = spec.intervention().type() == InterventionType.ROTATED ? n : (double) spec.intervention().k() * sources;
        double positions = spec.intervention().view().positions(spec.intervention().site());
        double perPair = PAIR_EPOCH * 0.5 * (1 + sources) + ROTATION_MAC * 4 * n * r * positions * sources;
        double train = spec.intervention().type().trained() ? perPair * spec.data().nTrain() * spec.training().epochs() : 0;
        double eval = perPair / 3 * spec.data().nEval();
        return train + eval + 2.0;
    }
}
