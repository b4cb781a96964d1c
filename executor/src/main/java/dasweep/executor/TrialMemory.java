package dasweep.executor;

import dasweep.executor.spec.TrialSpec;

import dasweep.executor.spec.InterventionType;
import dasweep.executor.data.EllipseImages;

/**
 * A trial's memory, estimated from its spec before anything is allocated: the image pools on the Java heap,
 * and the native tensors (site activations of a batch for the base and each source through the forward and
 * backward passes, the rotation's parameters with Adam's two moments). An estimate (±2×), good enough to refuse a
 * trial that cannot fit rather than let it take its executor down.
 */
public final class TrialMemory {
    /** Forward and backward keep several activations of every layer per example: a documented factor. */
    static final int ACTIVATION_COPIES = 8;

    private TrialMemory() {
    }

    /** Heap bytes: the training and evaluation pools (images and labels). */
    public static long heapBytes(TrialSpec spec) {
        long perImage = 4L * EllipseImages.PIXELS + 8L * 3;
        return ((long) spec.data().nTrain() + spec.data().nEval()) * perImage;
    }

    /** Native bytes: a batch through the network for the base and every source, and the rotation with Adam. */
    public static long nativeBytes(TrialSpec spec) {
        long perExample = 0;
        for (var site : dasweep.executor.spec.Site.values()) {
            perExample += site.size();
        }
        long batch = (long) spec.training().batchSize() * (spec.sources() + 1) * perExample * 4 * ACTIVATION_COPIES;
        return batch + rotationBytes(spec);
    }

    /**
     * Native bytes of the trial's own learned state: the rotation's parameters, their gradient and Adam's two
     * moments (what each member of a pack adds; the pools, the site cache and a step's activations are shared).
     */
    public static long rotationBytes(TrialSpec spec) {
        long n = spec.features();
        long columns = spec.intervention().type() == InterventionType.ROTATED ? n : (long) spec.intervention().k()
                * spec.sources();
        return spec.intervention().type() == InterventionType.VANILLA ? 0 : 4L * n * columns * 4;
    }

    public static long bytes(TrialSpec spec) {
        return heapBytes(spec) + nativeBytes(spec);
    }

    /** {@code bytes} as a short human figure, e.g. {@code 1.5 GiB}. */
    public static String human(long bytes) {
        return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.0f MiB", bytes / (double) (1L << 20));
    }

    /**
     * Refuses a trial that does not fit in {@code budgetBytes}: a {@link SpecException} naming {@code n_train} when the
     * image pools are the larger part, else {@code batch}, e.g. {@code a trial needs about 9.1 GiB (...), more than the
     * 8.0 GiB <where> has}. The one rule for {@code run} (an executor's memory) and {@code trial} (this JVM's heap).
     */
    public static void check(TrialSpec spec, long budgetBytes, String where) {
        long bytes = bytes(spec);
        if (bytes <= budgetBytes) {
            return;
        }
        boolean pools = heapBytes(spec) >= nativeBytes(spec);
        String problem = "a trial needs about " + human(bytes) + " (" + human(heapBytes(spec)) + " of image pools, "
                + human(nativeBytes(spec)) + " of activations and rotation), more than the " + human(budgetBytes) + " "
                + where + " has";
        throw new dasweep.executor.spec.SpecException(pools ? "n_train" : "batch", problem,
                pools ? spec.data().nTrain() : spec.training().batchSize());
    }
}
