package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import java.util.List;

/**
 * The interchange intervention at a site (spec §6): with W_i the columns of block i of R_S,
 * {@code out = x + Σ_i (s_i − x) · W_i · W_iᵀ}. That equals "rotate base and sources, copy the
 * source's coordinates S_i into the base, rotate back", and for disjoint blocks it equals applying
 * the sources one after another; computed this way it never forms the full rotated activations.
 */
public final class Interchange {
    private Interchange() {
    }

    /**
     * @param base    the base's site activation (B,C,H,W) or (B,F)
     * @param sources one site activation per source, same shape
     * @param w       R_S, n × (sources · k), or null for vanilla (copy the whole site from the source)
     * @param k       coordinates per source
     */
    public static NDArray apply(NDArray base, List<NDArray> sources, NDArray w, int k, Site site, View view) {
        if (w == null) {
            return sources.get(sources.size() - 1);
        }
        NDArray x = features(base, site, view);
        NDArray out = x;
        for (int i = 0; i < sources.size(); i++) {
            NDArray wi = w.get(new NDIndex(":, {}:{}", i * k, (i + 1) * k));
            NDArray delta = features(sources.get(i), site, view).sub(x);
            out = out.add(delta.matMul(wi).matMul(wi.transpose()));
        }
        return unfeatures(out, base.getShape(), site, view);
    }

    /** The site activation as rows of n features: (B·H, C·W) for {@code rows}, (B, C·H·W) for {@code flat}. */
    public static NDArray features(NDArray h, Site site, View view) {
        long batch = h.getShape().get(0);
        if (view == View.FLAT) {
            return h.reshape(batch, -1);
        }
        return h.transpose(0, 2, 1, 3).reshape(batch * site.height(), (long) site.channels() * site.width());
    }

    static NDArray unfeatures(NDArray f, Shape shape, Site site, View view) {
        if (view == View.FLAT) {
            return f.reshape(shape);
        }
        return f.reshape(shape.get(0), site.height(), site.channels(), site.width()).transpose(0, 2, 1, 3);
    }
}
