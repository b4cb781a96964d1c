package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dasweep.executor.spec.Architecture;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.util.List;

/**
 * The interchange intervention at a site (spec §6): with W_i the columns of block i of R_S,
 * {@code out = x + Σ_i (s_i − x) · W_i · W_iᵀ}. That equals "rotate base and sources, copy the
 * source's coordinates S_i into the base, rotate back", and for disjoint blocks it equals applying
 * the sources one after another; computed this way it never forms the full rotated activations.
 *
 * <p>A subspace's rows are in the view's feature order ({@link View}: channel-major, c·W + x for
 * {@code rows}, c·H·W + y·W + x for {@code flat}). Where pooling layers run above a conv site
 * ({@link #channelsLast}), the products read its activations channels-last instead (x·C + c,
 * (y·W + x)·C + c) and W's rows in that same order ({@link #frame}): the same sums, reassociated,
 * and no copy of the activations on the way in (the site cache is laid out so) or on the way out
 * (the layers above run channels-last). Above the last conv only fc1 runs, which reads channel-major.
 */
public final class Interchange {
    private Interchange() {
    }

    /**
     * @param base    the base's site activation (B,C,H,W) or (B,F)
     * @param sources one site activation per source, same shape
     * @param w       R_S, n × (sources · k) in the view's feature order, or null for vanilla (copy the whole site
     *                from the source)
     * @param k       coordinates per source
     */
    public static NDArray apply(NDArray base, List<NDArray> sources, NDArray w, int k, Site site, View view) {
        if (w == null) {
            return sources.get(sources.size() - 1);
        }
        NDArray x = features(base, site, view);
        NDArray frame = frame(w, site, view);
        NDArray out = x;
        for (int i = 0; i < sources.size(); i++) {
            NDArray wi = frame.get(new NDIndex(":, {}:{}", i * k, (i + 1) * k));
            NDArray delta = features(sources.get(i), site, view).sub(x);
            out = out.add(delta.matMul(wi).matMul(wi.transpose()));
        }
        return unfeatures(out, base.getShape(), site, view);
    }

    /** Whether {@code site}'s activations are laid out and read channels-last: a conv site with pooling above it. */
    public static boolean channelsLast(Site site) {
        return site.convolutional() && site.conv() < Architecture.convs();
    }

    /**
     * The site activation as rows of n features: (B·H, ·) for {@code rows}, (B, ·) for {@code flat}, read
     * channels-last where {@link #channelsLast} (a view of a channels-last activation, a copy of any other), else
     * channel-major (C·W, C·H·W). fc1's (B, F) as it is.
     */
    public static NDArray features(NDArray h, Site site, View view) {
        long batch = h.getShape().get(0);
        if (!channelsLast(site)) {
            return !site.convolutional() || view == View.FLAT ? h.reshape(batch, -1)
                    : h.transpose(0, 2, 1, 3).reshape(batch * site.height(), (long) site.channels() * site.width());
        }
        NDArray last = h.transpose(0, 2, 3, 1);
        return view == View.FLAT ? last.reshape(batch, -1)
                : last.reshape(batch * site.height(), (long) site.width() * site.channels());
    }

    /** {@link #features} back to (B, C, H, W) (a view; laid out channels-last where {@link #channelsLast}). */
    static NDArray unfeatures(NDArray f, Shape shape, Site site, View view) {
        if (!channelsLast(site)) {
            return !site.convolutional() || view == View.FLAT ? f.reshape(shape)
                    : f.reshape(shape.get(0), site.height(), site.channels(), site.width()).transpose(0, 2, 1, 3);
        }
        return f.reshape(shape.get(0), site.height(), site.width(), site.channels()).transpose(0, 3, 1, 2);
    }

    /**
     * {@code w}'s rows (the view's channel-major feature order) in {@link #features}'s channels-last order: a
     * permutation of axes and one copy, differentiable (no index array for autograd to keep).
     */
    static NDArray frame(NDArray w, Site site, View view) {
        if (!channelsLast(site)) {
            return w;
        }
        Shape shape = w.getShape();
        if (view == View.FLAT) {
            return w.reshape(site.channels(), site.height(), site.width(), shape.get(1)).transpose(1, 2, 0, 3)
                    .reshape(shape);
        }
        return w.reshape(site.channels(), site.width(), shape.get(1)).transpose(1, 0, 2).reshape(shape);
    }
}
