package dasweep.executor.das;

import dasweep.executor.spec.InterventionType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.Notebook;
import dasweep.executor.TestNetworks;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.data.CounterfactualPairs;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.spec.Objective;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Variable;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.weights.NetworkWeights;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Engine tier: whole trials on tiny seeded data. They run on a seeded random network
 * ({@link TestNetworks}; no ../shared needed): determinism, concurrency, vanilla patching and orthogonality do not depend on
 * the network being trained. Only {@link #trainingMovesIiaAboveTheTrivialBaseline} needs the
 * notebook's trained network (a random network has no variables for DAS to find).
 */
class DasTrainerTest {
    private static final NetworkWeights WEIGHTS = TestNetworks.random(1);

    private static TrialSpec tiny(long seed) {
        return Notebook.singleSource(512, 256, 1, seed, seed);
    }

    @Test
    void sameSpecAndSeedGiveTheSameResult() {
        TrialResult a = DasTrainer.run(tiny(3), WEIGHTS, 1, Device.cpu());
        TrialResult b = DasTrainer.run(tiny(3), WEIGHTS, 1, Device.cpu());
        assertEquals(a.iia(), b.iia(), 0.0);
        assertEquals(a.epochLosses(), b.epochLosses());
        assertTrue(a.orthogonalityError() < 1e-4, "orthogonality " + a.orthogonalityError());
        assertTrue(a.finalLoss() > 0 && Double.isFinite(a.finalLoss()));
    }

    @Test
    void twoTrialsTrainAtOnceInOneJvmAndMatchTheirSequentialResults() throws Exception {
        DasTrainer.run(tiny(7), WEIGHTS, 2, Device.cpu());        // another count first, as an earlier task may set
        TrialResult soloA = DasTrainer.run(tiny(5), WEIGHTS, 1, Device.cpu());
        TrialResult soloB = DasTrainer.run(tiny(6), WEIGHTS, 1, Device.cpu());
        for (int round = 0; round < 3; round++) {                 // fresh threads each round, as Spark's task threads
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<TrialResult> a = pool.submit(() -> DasTrainer.run(tiny(5), WEIGHTS, 1, Device.cpu()));
                Future<TrialResult> b = pool.submit(() -> DasTrainer.run(tiny(6), WEIGHTS, 1, Device.cpu()));
                assertEquals(soloA.epochLosses(), a.get().epochLosses(), "round " + round);
                assertEquals(soloB.epochLosses(), b.get().epochLosses(), "round " + round);
                assertEquals(soloA.iia(), a.get().iia(), 0.0);
                assertEquals(soloB.iia(), b.get().iia(), 0.0);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void trainingMovesIiaAboveTheTrivialBaseline() {
        TrialResult r = DasTrainer.run(Notebook.singleSource(2048, 500, 2, 9, 9), Notebook.weights(), 2, Device.cpu());
        assertTrue(r.iia() > r.trivialIia() + 0.1, r.toString());
        assertTrue(r.epochLosses().get(1) < r.epochLosses().get(0), r.toString());
        assertTrue(r.baseAccuracy() > 0.85, r.toString());
    }

    @Test
    void vanillaPatchingTrainsNothingAndScoresTheSourceOutput() {
        // copying the whole of fc1 from the source makes the network give the source's own output:
        // IIA is then exactly the agreement of the source's prediction with the counterfactual label,
        // and the trivial IIA that of the base's prediction
        TrialSpec spec = TrialSpec.builder().variables(Variable.values()).site(Site.FC1).view(View.FLAT)
                .type(InterventionType.VANILLA).k(1).epochs(1).lr(1e-3).nTrain(64).nEval(1000).dataSeed(4).seed(4)
                .build();
        TrialResult r = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu());
        assertEquals(3, spec.intervention().k());
        assertTrue(r.epochLosses().isEmpty() && Double.isNaN(r.finalLoss()));
        assertEquals(0.0, r.orthogonalityError());

        CounterfactualPairs eval = DasTrainer.pairs(spec, "eval", spec.data().nEval());
        float[] source = predictions(eval, spec.training().batchSize(), true);
        float[] base = predictions(eval, spec.training().batchSize(), false);
        float[] cf = eval.counterfactualLabels();
        assertEquals(agreement(source, cf), r.iia(), 0.0, r.toString());
        assertEquals(agreement(base, cf), r.trivialIia(), 0.0, r.toString());
        double zeros = agreement(source, new float[source.length]);
        assertTrue(zeros > 0.05 && zeros < 0.95, "the random network predicts (nearly) one class: " + zeros);
    }

    /** The network's 0/1 predictions for the pairs' sources (or bases), batch by batch as the trainer runs them. */
    private static float[] predictions(CounterfactualPairs pairs, int batchSize, boolean sources) {
        float[] out = new float[pairs.size()];
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            EllipseCnn cnn = EllipseCnn.of(manager, WEIGHTS, true);
            ParameterStore ps = new ParameterStore(manager, false);
            for (int from = 0; from < pairs.size(); from += batchSize) {
                int to = Math.min(pairs.size(), from + batchSize);
                float[] buffer = new float[(to - from) * EllipseImages.PIXELS];
                if (sources) {
                    pairs.copySourceImages(0, from, to, buffer);
                } else {
                    pairs.copyBaseImages(from, to, buffer);
                }
                NDArray x = manager.create(buffer, new Shape(to - from, 1, EllipseImages.SIZE, EllipseImages.SIZE));
                float[] p = EllipseCnn.predict(cnn.fromSite(ps, cnn.toSite(ps, x, Site.FC1), Site.FC1)).toFloatArray();
                System.arraycopy(p, 0, out, from, p.length);
            }
        }
        return out;
    }

    private static double agreement(float[] a, float[] b) {
        long same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    @Test
    void lowRankFlatTrialRunsAtEverySite() {
        for (Site site : Site.values()) {
            int k = site == Site.FC1 ? 1 : 4;
            TrialSpec spec = TrialSpec.builder().variables(Variable.COLOR, Variable.AREA).site(site).view(View.FLAT)
                    .type(InterventionType.LOW_RANK).k(k).multiSource(true).epochs(1).batchSize(128).nTrain(256)
                    .nEval(128).dataSeed(2).seed(2).build();
            TrialResult r = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu());
            assertTrue(r.iia() >= 0 && r.iia() <= 1 && r.orthogonalityError() < 1e-4, site + " " + r);
        }
    }
}
