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

    /** Whether this thread records gradients now. */
    public static boolean gradEnabled() {
        return JniUtils.isGradMode();
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

    /** The count this thread last gave libtorch: null until it sets one. */
    private static final ThreadLocal<Integer> THREADS_SET = new ThreadLocal<>();

    /**
     * Sets libtorch's intra-op thread count for the calling thread. With libtorch's OpenMP backend the count
     * (OpenMP's {@code nthreads-var} and MKL's local count) belongs to each native thread: a thread that has not
     * set it runs its first BLAS/LAPACK calls at the machine's core count. So every thread that runs trials sets
     * its own, once per change; a process-wide "already set" flag let a second Spark task thread (or a test's
     * pool thread) train at the default count, which made two concurrent trials differ from their solo runs
     * now and then (1 run in 20: loss 0.6930316 against 0.6929180 on the same spec).
     */
    public static void threads(int threads) {
        loadEngine();
        Integer set = THREADS_SET.get();
        if (set == null || set != threads) {
            JniUtils.setNumThreads(threads);
            THREADS_SET.set(threads);
        }
    }

    private static synchronized void loadEngine() {
        NativeEnv.apply();                               // OpenMP reads its environment when libtorch loads
        Engine.getEngine("PyTorch");                     // loads libtorch before the first native call
        NativeAllocator.tune();
    }
}
