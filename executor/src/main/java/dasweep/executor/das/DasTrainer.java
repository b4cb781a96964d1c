package dasweep.executor.das;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.spec.Seeds;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.data.CounterfactualPairs;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.data.PairSampler;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.model.BaseTrainer;
import dasweep.executor.torch.Adam;
import dasweep.executor.torch.Losses;
import dasweep.executor.torch.Torch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DAS trial (spec §3–§7): counterfactual pairs from seeded pools, a frozen CNN, an
 * interchange at the site through a learned rotation, Adam on BCE against the counterfactual
 * labels, sequential batches; then IIA and its baselines on fresh evaluation pairs.
 * Everything heavy is created and closed here, on the calling thread; every step runs in an
 * {@link NDScope}, so no intermediate outlives its step.
 *
 * <p>The network below the site is frozen and the pools are fixed, so the site activations of
 * every pool image are computed once per trial ({@link SiteActivations}) when they fit the cache
 * budget; a training step then runs only the interchange and the layers above the site.
 */
public final class DasTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DasTrainer.class);
    private static final int IMAGE = EllipseImages.SIZE * EllipseImages.SIZE;

    private DasTrainer() {
    }

    public static TrialResult run(TrialSpec spec, NetworkWeights weights, int threads, Device device) {
        return run(spec, weights, threads, device, SiteActivations.budgetBytes());
    }

    /** As {@link #run(TrialSpec, NetworkWeights, int, Device)}, caching site activations only within {@code cacheBudgetBytes}. */
    static TrialResult run(TrialSpec spec, NetworkWeights weights, int threads, Device device, long cacheBudgetBytes) {
        Torch.threads(threads);
        CounterfactualPairs train = pairs(spec, "train", spec.data().nTrain());
        CounterfactualPairs eval = pairs(spec, "eval", spec.data().nEval());
        boolean gradBefore = Torch.gradMode(false);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            EllipseCnn cnn = EllipseCnn.of(manager, weights, true);
            ParameterStore ps = new ParameterStore(manager, false);
            Site site = spec.intervention().site();
            long cachedImages = (long) train.pool().count() + eval.pool().count();
            boolean cache = SiteActivations.fits(site, cachedImages, cacheBudgetBytes);
            LOG.debug("site activations at {}: {} ({} MB for {} images)", site.id(), cache ? "cached" : "per batch",
                    SiteActivations.bytes(site, cachedImages) / 1_000_000, cachedImages);
            try (Rotation rotation = rotation(spec, manager)) {
                long cacheStart = System.nanoTime();
                Activations trainSite = new Activations(cnn, ps, manager, site, train, cache);
                Activations evalSite = new Activations(cnn, ps, manager, site, eval, cache);
                LOG.debug("site activations ready in {} s", (System.nanoTime() - cacheStart) / 1e9);
                List<Double> losses = new ArrayList<>();
                List<Double> seconds = new ArrayList<>();
                long start = System.nanoTime();
                if (rotation != null) {
                    Adam adam = new Adam(rotation.parameters(), spec.training().lr());
                    for (int epoch = 0; epoch < spec.training().epochs(); epoch++) {
                        long t0 = System.nanoTime();
                        losses.add(epoch(cnn, ps, manager, spec, trainSite, rotation, adam));
                        seconds.add((System.nanoTime() - t0) / 1e9);
                        LOG.debug("epoch {}: loss {} in {} s", epoch + 1, losses.get(epoch), seconds.get(epoch));
                    }
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                long evalStart = System.nanoTime();
                Scores scores = evaluate(cnn, ps, manager, spec, evalSite, rotation);
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
                double orthogonality = rotation == null ? 0 : rotation.orthogonalityError();
                Subspace subspace = rotation == null ? null : SubspaceEval.of(rotation, spec);
                Double heldout = null;
                Double heldoutSeconds = null;
                if (subspace != null) {
                    long heldoutStart = System.nanoTime();
                    heldout = SubspaceEval.heldout(cnn, ps, manager, spec, cache ? cachedImages : -1, cacheBudgetBytes)
                            .iia(List.of(spec), List.of(subspace), SubspaceEval.HELDOUT)[0];
                    heldoutSeconds = (System.nanoTime() - heldoutStart) / 1e9;
                }
                return new TrialResult(scores.iia, scores.trivial, scores.baseAccuracy,
                        losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1), losses, orthogonality,
                        seconds, trainSeconds, evalSeconds, device.toString(), threads, heldout, heldoutSeconds,
                        subspace);
            }
        } finally {
            Torch.gradMode(gradBefore);
        }
    }

    static CounterfactualPairs pairs(TrialSpec spec, String purpose, int size) {
        return pairs(spec, purpose, pool(spec, purpose, size));
    }

    /** The image pool for {@code purpose} ({@code train} or {@code eval}): it depends on the data seed and size only. */
    static EllipseImages pool(TrialSpec spec, String purpose, int size) {
        return EllipseGenerator.generate(Seeds.derive(spec.data().dataSeed(), purpose + "-pool"), size);
    }

    /** The spec's counterfactual pairs drawn from {@code pool} (one per pool image). */
    static CounterfactualPairs pairs(TrialSpec spec, String purpose, EllipseImages pool) {
        int size = pool.count();
        long seed = Seeds.derive(spec.data().dataSeed(), purpose + "-pairs");
        return spec.intervention().multiSource()
                ? PairSampler.multi(pool, spec.variables(), spec.objective(), size, seed)
                : PairSampler.single(pool, spec.variables(), spec.objective(), size, seed);
    }

    static Rotation rotation(TrialSpec spec, NDManager manager) {
        SplittableRandom random = new SplittableRandom(Seeds.derive(spec.training().seed(), "rotation-init"));
        int columns = spec.intervention().k() * spec.sources();
        switch (spec.intervention().type()) {
            case ROTATED:
                return new CayleyRotation(manager, spec.features(), columns, random);
            case LOW_RANK:
                return new HouseholderFrame(manager, spec.features(), columns, random);
            default:
                return null;
        }
    }

    /** One epoch of sequential batches; returns the mean loss over its pairs. */
    private static double epoch(EllipseCnn cnn, ParameterStore ps, NDManager manager, TrialSpec spec,
                                Activations site, Rotation rotation, Adam adam) {
        CounterfactualPairs pairs = site.pairs;
        float[] labels = pairs.counterfactualLabels();
        double lossSum = 0;
        for (int from = 0; from < pairs.size(); from += spec.training().batchSize()) {
            int to = Math.min(pairs.size(), from + spec.training().batchSize());
            try (NDScope step = new NDScope()) {
                Batch batch = site.batch(from, to);
                Torch.gradMode(true);
                NDArray logit = intervene(cnn, ps, spec, batch, rotation);
                NDArray y = manager.create(Arrays.copyOfRange(labels, from, to));
                NDArray loss = Losses.bceWithLogits(logit, y);
                Torch.backward(loss);
                Torch.gradMode(false);
                adam.step();
                lossSum += loss.getFloat() * (to - from);
            }
        }
        return lossSum / pairs.size();
    }

    private record Batch(NDArray base, List<NDArray> sources) {
    }

    /**
     * Where a batch's site activations come from: gathered by pool index from the pool's
     * {@link SiteActivations}, computed once per trial, or (when the cache does not fit its budget)
     * the frozen layers below the site run on the batch's images, without gradients.
     */
    private static final class Activations {
        private final EllipseCnn cnn;
        private final ParameterStore ps;
        private final NDManager manager;
        private final Site site;
        private final CounterfactualPairs pairs;
        private final SiteActivations cache;
        private final int[] base;
        private final int[][] sources;

        Activations(EllipseCnn cnn, ParameterStore ps, NDManager manager, Site site, CounterfactualPairs pairs,
                    boolean cache) {
            this.cnn = cnn;
            this.ps = ps;
            this.manager = manager;
            this.site = site;
            this.pairs = pairs;
            this.cache = cache ? SiteActivations.compute(cnn, ps, manager, pairs.pool(), site) : null;
            this.base = pairs.baseIndices();
            this.sources = new int[pairs.sources()][];
            for (int s = 0; s < sources.length; s++) {
                sources[s] = pairs.sourceIndices(s);
            }
        }

        /** The base's and the sources' site activations for pairs [from, to). */
        Batch batch(int from, int to) {
            if (cache != null) {
                List<NDArray> out = new ArrayList<>();
                for (int[] source : sources) {
                    out.add(cache.rows(source, from, to));
                }
                return new Batch(cache.rows(base, from, to), out);
            }
            float[] buffer = new float[(to - from) * IMAGE];
            Shape shape = new Shape(to - from, 1, EllipseImages.SIZE, EllipseImages.SIZE);
            pairs.copyBaseImages(from, to, buffer);
            NDArray baseSite = cnn.toSite(ps, manager.create(buffer, shape), site);
            List<NDArray> out = new ArrayList<>();
            for (int s = 0; s < sources.length; s++) {
                pairs.copySourceImages(s, from, to, buffer);
                out.add(cnn.toSite(ps, manager.create(buffer, shape), site));
            }
            return new Batch(baseSite, out);
        }
    }

    private static NDArray intervene(EllipseCnn cnn, ParameterStore ps, TrialSpec spec, Batch batch,
                                     Rotation rotation) {
        NDArray w = rotation == null ? null : rotation.columns();
        TrialSpec.Intervention at = spec.intervention();
        NDArray h = Interchange.apply(batch.base, batch.sources, w, at.k(), at.site(), at.view());
        return cnn.fromSite(ps, h, at.site());
    }

    private record Scores(double iia, double trivial, double baseAccuracy) {
    }

    private static Scores evaluate(EllipseCnn cnn, ParameterStore ps, NDManager manager, TrialSpec spec,
                                   Activations site, Rotation rotation) {
        CounterfactualPairs pairs = site.pairs;
        float[] cf = pairs.counterfactualLabels();
        EllipseImages pool = pairs.pool();
        long hits = 0;
        long trivialHits = 0;
        for (int from = 0; from < pairs.size(); from += spec.training().batchSize()) {
            int to = Math.min(pairs.size(), from + spec.training().batchSize());
            try (NDScope step = new NDScope()) {
                Batch batch = site.batch(from, to);
                NDArray y = manager.create(Arrays.copyOfRange(cf, from, to));
                hits += BaseTrainer.count(EllipseCnn.predict(intervene(cnn, ps, spec, batch, rotation)), y);
                NDArray baseLogit = cnn.fromSite(ps, batch.base, spec.intervention().site());
                trivialHits += BaseTrainer.count(EllipseCnn.predict(baseLogit), y);
            }
        }
        return new Scores((double) hits / pairs.size(), (double) trivialHits / pairs.size(),
                BaseTrainer.accuracy(cnn, ps, manager, pool, spec.objective(), spec.training().batchSize()));
    }

}
