package dasweep.executor.das;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Per-thread autograd for PyTorch, without DJL's {@code PtGradientCollector}: that class guards a
 * JVM-wide static flag, so two trials training at once in one JVM (Spark runs several tasks per
 * executor) would fail. libtorch's grad mode and CPU backward are per thread, so this is safe.
 */
public final class Autograd {
    private Autograd() {
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

    /** Sets the intra-op thread count for work launched from this thread. */
    public static void threads(int threads) {
        Engine.getEngine("PyTorch");                     // loads libtorch before the first native call
        JniUtils.setNumThreads(threads);
    }
}
