package dasweep.executor.spec;

/**
 * The engine's limits, one home each, checked where a sweep file or a command line is read (the records of
 * {@code dasweep.driver.sweep.Sweep}, {@link TrialSpec}, {@link BaseNetworkSpec}, the {@code trial} options, the
 * {@code spark.dasweep.*} properties), so that {@code run} and {@code trial} refuse the same values the same way
 * before anything is trained, locked or started.
 */
public final class Limits {
    /** Bytes of one image on the heap: its float pixels and its three variables. */
    public static final long IMAGE_BYTES = 4L * Architecture.IMAGE * Architecture.IMAGE + 8L * 3;

    /**
     * The most images one pool may hold (training images of a base network, its test images, a trial's training or
     * evaluation pool): a pool's pixels are one Java float array.
     */
    public static final int MAX_IMAGES = (Integer.MAX_VALUE - 8) / (Architecture.IMAGE * Architecture.IMAGE);

    /** The most intra-op threads a trial or a base network may use (a task's, or {@code trial --threads}). */
    public static final int MAX_THREADS = 256;

    private Limits() {
    }

    /** An image count: 1 to {@link #MAX_IMAGES}. */
    public static void images(long value, String field) {
        SpecException.check(value > 0 && value <= MAX_IMAGES, field,
                "must be between 1 and " + MAX_IMAGES + " (images in one pool)", value);
    }

    /** A thread count: 1 to {@link #MAX_THREADS}. */
    public static void threads(long value, String field) {
        SpecException.check(value > 0 && value <= MAX_THREADS, field,
                "must be between 1 and " + MAX_THREADS + " (threads)", value);
    }

    /** {@code text} as a thread count (a property's value); {@link SpecException} naming {@code field} otherwise. */
    public static int threads(String text, String field) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new SpecException(field, "must be a whole number between 1 and " + MAX_THREADS + " (threads)",
                    "'" + text + "'");
        }
        threads(value, field);
        return value;
    }

    /** Heap bytes a base network's training and test images take while it is trained. */
    public static long baseNetworkBytes(long images, long nTest) {
        return (images + nTest) * IMAGE_BYTES;
    }
}
