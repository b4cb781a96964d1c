package dasweep.executor.model;

import dasweep.executor.spec.BaseNetworkSpec;
import java.util.function.IntSupplier;

/**
 * When {@link BaseTrainer} gives up on a run and starts again from the next derived initialisation (at most
 * {@link #MAX_ATTEMPTS} runs; the last is kept as it is). fc1 has three ReLU units fed by nearly constant
 * activations, which makes training sensitive to its init (PyTorch's own CNN does the same).
 */
final class Restarts {
    /** Mean training loss at or above which a run is taken to be stuck on the initial plateau. */
    static final double PLATEAU_LOSS = 0.65;
    /** The epoch after which the plateau is checked. */
    static final int PLATEAU_EPOCH = 2;
    /** Training runs at most this many times before the last one is returned as it is. */
    static final int MAX_ATTEMPTS = 4;
    /** With {@link LrSchedule#WARMUP}: the fc1 units that must be alive (on for some image) after epoch 1. */
    static final int WARMUP_FC1_UNITS = 2;

    private Restarts() {
    }

    /**
     * Why the run should start again after epoch {@code epoch} (1-based) with mean loss {@code loss}, or null to go
     * on. Never after the last epoch. {@code aliveFc1Units} is asked only when the recipe's schedule needs it.
     */
    static String reason(BaseNetworkSpec spec, int epoch, double loss, IntSupplier aliveFc1Units) {
        if (epoch >= spec.epochs()) {
            return null;
        }
        if (epoch == 1 && spec.schedule().warmsUp()) {
            int alive = aliveFc1Units.getAsInt();
            if (alive < WARMUP_FC1_UNITS) {
                return alive + " of fc1's 3 units alive after epoch 1 (the warmup recipe needs " + WARMUP_FC1_UNITS
                        + ")";
            }
        }
        if (epoch == PLATEAU_EPOCH && loss >= PLATEAU_LOSS) {
            return "stuck on the plateau (loss ≥ " + PLATEAU_LOSS + " after " + PLATEAU_EPOCH + " epochs)";
        }
        return null;
    }
}
