package dasweep.executor.das;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.data.CounterfactualPairs;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.model.BaseTrainer;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.torch.Torch;
import dasweep.executor.weights.NetworkWeights;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learned subspace applied again, without training: the interchange of spec §6 through a fixed R_S
 * ({@link Subspace}), scored as IIA. The held-out IIA of a trial is this on a fresh draw of pairs from images the
 * trial never saw: a pool of n_eval images and its pairs from the data seed's {@value #HELDOUT} purpose
 * ({@code Seeds.derive(data_seed, "heldout-pool")}, {@code "heldout-pairs"}), as the evaluation pool and pairs come
 * from {@code "eval-…"}. Batches, gathers and products are those of the trial's own evaluation, so applied to the
 * trial's evaluation pairs a subspace gives back exactly the trial's IIA (tested).
 */
public final class SubspaceEval {
    /** The purpose (seed name) of the held-out pool and pairs. */
    public static final String HELDOUT = "heldout";

    private final EllipseCnn cnn;
    private final ParameterStore ps;
    private final NDManager manager;
    private final SiteRows rows;

    /**
     * The held-out pool of {@code first}'s data (shared by every trial with its data seed and n_eval) and its site
     * activations, cached when {@code alreadyCached} images plus these fit {@code budgetBytes}.
     */
    static SubspaceEval heldout(EllipseCnn cnn, ParameterStore ps, NDManager manager, TrialSpec first,
                                long alreadyCached, long budgetBytes) {
        EllipseImages pool = DasTrainer.pool(first, HELDOUT, first.data().nEval());
        Site site = first.intervention().site();
        boolean cache = alreadyCached >= 0 && SiteActivations.fits(site, alreadyCached + pool.count(), budgetBytes);
        return new SubspaceEval(cnn, ps, manager, new SiteRows(cnn, ps, manager, site, pool, cache));
    }

    private SubspaceEval(EllipseCnn cnn, ParameterStore ps, NDManager manager, SiteRows rows) {
        this.cnn = cnn;
        this.ps = ps;
        this.manager = manager;
        this.rows = rows;
    }

    /** The subspace {@code rotation} holds now: its columns R_S as float32 (call outside training's graph). */
    static Subspace of(Rotation rotation, TrialSpec spec) {
        try (NDScope scope = new NDScope()) {
            return new Subspace(spec.features(), spec.intervention().k(), spec.sources(),
                    rotation.columns().toFloatArray());
        }
    }

    /** Each trial's IIA with its subspace on its own pairs from this pool ({@code purpose} names them). */
    double[] iia(List<TrialSpec> specs, List<Subspace> subspaces, String purpose) {
        List<CounterfactualPairs> pairs = new ArrayList<>();
        for (TrialSpec spec : specs) {
            pairs.add(DasTrainer.pairs(spec, purpose, rows.pool()));
        }
        long[] hits = hits(specs, pairs, subspaces);
        double[] out = new double[hits.length];
        for (int i = 0; i < hits.length; i++) {
            out[i] = (double) hits[i] / pairs.get(i).size();
        }
        return out;
    }

    /**
     * Hits (intervened prediction = counterfactual label) of each trial's subspace on its pairs, in batches of the
     * first trial's batch size (the trials share it, as a pack does). Rows that several trials' pairs use (single-source
     * pairs of one data seed draw the same images) are gathered once per batch.
     */
    long[] hits(List<TrialSpec> specs, List<CounterfactualPairs> pairs, List<Subspace> subspaces) {
        int batch = specs.get(0).training().batchSize();
        int n = pairs.get(0).size();
        PackMember.Indices indices = new PackMember.Indices();
        List<int[]> bases = new ArrayList<>();
        List<int[][]> sources = new ArrayList<>();
        for (CounterfactualPairs p : pairs) {
            SpecException.check(p.size() == n, "pairs", "must be as many for every trial", p.size());
            bases.add(indices.canonical(p.baseIndices()));
            int[][] s = new int[p.sources()][];
            for (int j = 0; j < s.length; j++) {
                s[j] = indices.canonical(p.sourceIndices(j));
            }
            sources.add(s);
        }
        long[] hits = new long[specs.size()];
        try (NDManager frames = manager.newSubManager()) {
            List<NDArray> w = new ArrayList<>();
            for (Subspace s : subspaces) {
                w.add(frames.create(s.basis(), new Shape(s.features(), s.columns())));
            }
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                try (NDScope scope = new NDScope()) {
                    Map<int[], NDArray> gathered = new IdentityHashMap<>();
                    for (int i = 0; i < specs.size(); i++) {
                        final int f = from;
                        NDArray base = gathered.computeIfAbsent(bases.get(i), a -> rows.rows(a, f, to));
                        List<NDArray> src = new ArrayList<>();
                        for (int[] s : sources.get(i)) {
                            src.add(gathered.computeIfAbsent(s, a -> rows.rows(a, f, to)));
                        }
                        TrialSpec.Intervention at = specs.get(i).intervention();
                        NDArray h = Interchange.apply(base, src, w.get(i), at.k(), at.site(), at.view());
                        NDArray y = manager.create(java.util.Arrays.copyOfRange(
                                pairs.get(i).counterfactualLabels(), from, to));
                        hits[i] += BaseTrainer.count(EllipseCnn.predict(cnn.fromSite(ps, h, at.site())), y);
                    }
                }
            }
        }
        return hits;
    }

    /**
     * {@code subspace} applied to {@code spec}'s evaluation pairs ({@code heldout} false) or its held-out pairs
     * (true) on {@code weights}, without training: the trial's IIA, or its held-out IIA, again.
     */
    public static double reapply(TrialSpec spec, NetworkWeights weights, Subspace subspace, boolean heldout,
                                 int threads, Device device) {
        SpecException.check(subspace.features() == spec.features() && subspace.k() == spec.intervention().k()
                        && subspace.blocks() == spec.sources(), "subspace", "does not fit the trial's site, k and sources",
                subspace);
        Torch.threads(threads);
        boolean gradBefore = Torch.gradMode(false);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            EllipseCnn cnn = EllipseCnn.of(manager, weights, true);
            ParameterStore ps = new ParameterStore(manager, false);
            String purpose = heldout ? HELDOUT : "eval";
            EllipseImages pool = DasTrainer.pool(spec, purpose, spec.data().nEval());
            Site site = spec.intervention().site();
            boolean cache = SiteActivations.fits(site, pool.count(), SiteActivations.budgetBytes());
            SubspaceEval eval = new SubspaceEval(cnn, ps, manager, new SiteRows(cnn, ps, manager, site, pool, cache));
            return eval.iia(List.of(spec), List.of(subspace), purpose)[0];
        } finally {
            Torch.gradMode(gradBefore);
        }
    }
}
