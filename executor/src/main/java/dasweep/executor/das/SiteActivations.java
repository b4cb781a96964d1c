package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import java.util.Arrays;

/**
 * The site activations of every image of a pool, computed once (the network below the site is
 * frozen and the pool fixed), kept as one float32 array (N, C, H, W) — or (N, 3) at fc1 — on the
 * trial's manager; a batch gathers its rows by pool index. Without it every batch of every epoch
 * would run the frozen layers below the site on its base and source images again. Where
 * {@link Interchange#channelsLast}, the array is laid out (N, H, W, C), the order in which the interchange
 * reads features and the layers above run (issue 21): a batch's gathered rows are read without a copy;
 * {@link #rows} still returns them shaped (B, C, H, W), with the same values.
 *
 * <p>Size: {@link Site#size()} floats per image, so 10,000 images take 502 MB at conv1
 * (12,544 floats), 251 MB at conv2, 125 MB at conv3 and 120 kB at fc1. Whether a trial caches at
 * all is {@link #fits}'s decision.
 */
public final class SiteActivations {
    /** System property: the most a trial may spend on cached site activations, in MiB. */
    public static final String BUDGET_PROPERTY = "dasweep.siteCacheMiB";
    /**
     * Default budget, 640 MiB per trial or pack (a pack shares one cache): all four sites are cached on the paper's
     * pools (10,000 + 1,000 images: conv1 552 MB, conv2 276 MB). It was 384 MiB, which left conv1 to recompute its
     * convolution for the base and the source of every batch of every epoch; the results are bit-identical either
     * way (the same float32 values, gathered instead of recomputed), and the seed trial (conv1 rows) is among those
     * that gain (docs/performance.md). With packing a task holds one cache for up to 64 trials, so the budget is per
     * task: on a cluster give executors native room for it ({@code spark.executor.memoryOverhead}).
     */
    public static final long DEFAULT_BUDGET_MIB = 640;
    /** Images per forward pass while filling the cache. */
    static final int CHUNK = 500;

    private final NDArray activations;
    private final boolean channelsLast;

    private SiteActivations(NDArray activations, boolean channelsLast) {
        this.activations = activations;
        this.channelsLast = channelsLast;
    }

    /** Bytes that caching {@code images} images at {@code site} takes (float32). */
    public static long bytes(Site site, long images) {
        return 4L * site.size() * images;
    }

    /** The budget in bytes: {@link #BUDGET_PROPERTY} in MiB, else {@link #DEFAULT_BUDGET_MIB}. */
    public static long budgetBytes() {
        String text = System.getProperty(BUDGET_PROPERTY);
        long mib = DEFAULT_BUDGET_MIB;
        if (text != null && !text.isBlank()) {
            try {
                mib = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(BUDGET_PROPERTY + " must be a whole number of MiB, got '" + text + "'");
            }
        }
        return mib * 1024 * 1024;
    }

    /** Whether caching {@code images} images (all the trial's pools together) at {@code site} fits {@code budgetBytes}. */
    public static boolean fits(Site site, long images, long budgetBytes) {
        return bytes(site, images) <= budgetBytes;
    }

    /**
     * Runs every image of {@code pool} up to {@code site}, {@link #CHUNK} at a time without
     * gradients, into one array on {@code manager} (which owns it; it lives as long as the manager).
     */
    public static SiteActivations compute(EllipseCnn cnn, ParameterStore ps, NDManager manager, EllipseImages pool,
                                          Site site) {
        int n = pool.count();
        boolean channelsLast = Interchange.channelsLast(site);
        Shape one = channelsLast ? new Shape(site.height(), site.width(), site.channels())
                : site.convolutional() ? new Shape(site.channels(), site.height(), site.width())
                : new Shape(site.channels());
        NDArray all = manager.zeros(new Shape(n).addAll(one), DataType.FLOAT32);
        float[] pixels = pool.pixels();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            try (NDScope scope = new NDScope()) {
                float[] chunk = Arrays.copyOfRange(pixels, from * EllipseImages.PIXELS, to * EllipseImages.PIXELS);
                NDArray x = manager.create(chunk, new Shape(to - from, 1, EllipseImages.SIZE, EllipseImages.SIZE));
                NDArray h = cnn.toSite(ps, x, site);
                all.set(new NDIndex("{}:{}", from, to), channelsLast ? h.transpose(0, 2, 3, 1) : h);
            }
        }
        return new SiteActivations(all, channelsLast);
    }

    /**
     * The activations of pool images {@code indices[from, to)}, in that order, shaped (B, C, H, W) or (B, 3) (a new
     * array on the current scope).
     */
    public NDArray rows(int[] indices, int from, int to) {
        long[] take = new long[to - from];
        for (int i = from; i < to; i++) {
            take[i - from] = indices[i];
        }
        NDArray index = activations.getManager().create(take);
        NDArray rows = activations.get(new NDIndex("{}", index));
        return channelsLast ? rows.transpose(0, 3, 1, 2) : rows;
    }
}
