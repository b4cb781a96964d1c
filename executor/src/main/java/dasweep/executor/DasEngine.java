package dasweep.executor;

import dasweep.executor.data.Objective;

/**
 * The engine's front door: everything the driver (or the CLI) asks of it. It knows nothing of
 * Spark; networks travel as safetensors bytes, and every heavy object (NDManager, model) is
 * created and closed inside each call, on the calling thread.
 */
public final class DasEngine {
    private DasEngine() {
    }

    /** Runs one DAS trial on the network given as safetensors bytes, with {@code threads} intra-op threads. */
    public static TrialResult runTrial(TrialSpec spec, byte[] safetensors, int threads) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Trains a base network from scratch. */
    public static BaseNetwork trainBase(BaseNetworkSpec spec, int threads) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Imports a weights file ({@code .pth} state_dict or {@code .safetensors}, told apart by content),
     * validates it against the CNN and measures its test accuracy on {@code nTest} fresh images.
     *
     * @param source the file's name, for error messages
     * @throws dasweep.executor.weights.WeightsException when the file is not a valid network
     */
    public static BaseNetwork importBase(byte[] fileBytes, String source, Objective objective, int nTest, long seed,
                                         int threads) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Versions of what computes: DJL, PyTorch. */
    public static String djlVersion() {
        return ai.djl.engine.Engine.class.getPackage().getImplementationVersion();
    }
}
