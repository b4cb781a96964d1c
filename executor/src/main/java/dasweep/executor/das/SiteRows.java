package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The site activations of one pool's images, by pool index: gathered from the pool's
 * {@link SiteActivations} when they are cached, else computed for the batch's images by the frozen
 * layers below the site (no gradients). The same arithmetic as {@link DasTrainer}'s per-trial
 * gathering, so a pack's rows equal an unpacked trial's bit for bit.
 */
final class SiteRows {
    private final EllipseCnn cnn;
    private final ParameterStore ps;
    private final NDManager manager;
    private final Site site;
    private final EllipseImages pool;
    private final SiteActivations cache;

    SiteRows(EllipseCnn cnn, ParameterStore ps, NDManager manager, Site site, EllipseImages pool, boolean cache) {
        this.cnn = cnn;
        this.ps = ps;
        this.manager = manager;
        this.site = site;
        this.pool = pool;
        this.cache = cache ? SiteActivations.compute(cnn, ps, manager, pool, site) : null;
    }

    EllipseImages pool() {
        return pool;
    }

    /** The activations of pool images {@code indices[from, to)} (a new array on the current scope). */
    NDArray rows(int[] indices, int from, int to) {
        if (cache != null) {
            return cache.rows(indices, from, to);
        }
        float[] buffer = new float[(to - from) * EllipseImages.PIXELS];
        pool.copyImages(indices, from, to, buffer, 0);
        Shape shape = new Shape(to - from, 1, EllipseImages.SIZE, EllipseImages.SIZE);
        return cnn.toSite(ps, manager.create(buffer, shape), site);
    }

    /** The rows the members' pairs [from, to) need (of this pool: training or evaluation), each distinct index array once. */
    Map<int[], NDArray> gather(List<PackMember> members, boolean training, int from, int to) {
        Map<int[], NDArray> rows = new IdentityHashMap<>();
        for (PackMember m : members) {
            PackMember.Pairs p = m.pairs(training);
            rows.computeIfAbsent(p.base, a -> rows(a, from, to));
            for (int[] s : p.sources) {
                rows.computeIfAbsent(s, a -> rows(a, from, to));
            }
        }
        return rows;
    }
}
