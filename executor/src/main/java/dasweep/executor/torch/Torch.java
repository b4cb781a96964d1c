package dasweep.executor.torch;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one door into DJL's PyTorch-engine internals ({@code ai.djl.pytorch.*}): per-thread autograd
 * without DJL's {@code PtGradientCollector}, which guards a JVM-wide static flag, so two trials
 * training at once in one JVM (Spark runs several tasks per executor) would fail. libtorch's grad
 * mode and CPU backward are per thread, so this is safe. Nothing else in the engine imports
 * {@code ai.djl.pytorch}.
 */
public final class Torch {
    private Torch() {
    }

    /** Sets this thread's grad mode; returns the mode it replaces. */
    public static boolean gradMode(boolean enabled) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        return before;
    }

    /** Back-propagates a scalar loss into the {@code .grad} of every leaf that requires it. */
    public static void backward(NDArray loss) {
        NDArray seed = loss.onesLike();
        JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
    }

    /** Zeroes the {@code .grad} of {@code parameter}, as {@code optimizer.zero_grad()} does. */
    public static void zeroGrad(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    private static int threadsSet;

    /**
     * Sets libtorch's intra-op thread count. It is process-wide, so it is set only when it changes: resetting
     * the pool while another trial's parallel op runs on it is not safe.
     */
    public static synchronized void threads(int threads) {
        Engine.getEngine("PyTorch");                     // loads libtorch before the first native call
        NativeAllocator.tune();
        if (threads != threadsSet) {
            JniUtils.setNumThreads(threads);
            threadsSet = threads;
        }
    }
}
