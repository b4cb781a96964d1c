package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dasweep.executor.Notebook;
import dasweep.executor.TrialResult;
import dasweep.executor.TrialSpec;
import dasweep.executor.data.Objective;
import dasweep.executor.data.Variable;
import dasweep.executor.model.Site;
import dasweep.executor.model.View;
import dasweep.executor.weights.NetworkWeights;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Engine tier: whole trials on tiny seeded data. */
class DasTrainerTest {
    private static final NetworkWeights WEIGHTS = Notebook.weights();

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
        TrialResult soloA = DasTrainer.run(tiny(5), WEIGHTS, 1, Device.cpu());
        TrialResult soloB = DasTrainer.run(tiny(6), WEIGHTS, 1, Device.cpu());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TrialResult> a = pool.submit(() -> DasTrainer.run(tiny(5), WEIGHTS, 1, Device.cpu()));
            Future<TrialResult> b = pool.submit(() -> DasTrainer.run(tiny(6), WEIGHTS, 1, Device.cpu()));
            assertEquals(soloA.epochLosses(), a.get().epochLosses());
            assertEquals(soloB.epochLosses(), b.get().epochLosses());
            assertEquals(soloA.iia(), a.get().iia(), 0.0);
            assertEquals(soloB.iia(), b.get().iia(), 0.0);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void trainingMovesIiaAboveTheTrivialBaseline() {
        TrialResult r = DasTrainer.run(Notebook.singleSource(2048, 500, 2, 9, 9), WEIGHTS, 2, Device.cpu());
        assertTrue(r.iia() > r.trivialIia() + 0.1, r.toString());
        assertTrue(r.epochLosses().get(1) < r.epochLosses().get(0), r.toString());
        assertTrue(r.baseAccuracy() > 0.85, r.toString());
    }

    @Test
    void vanillaPatchingTrainsNothingAndScoresTheSourceOutput() {
        // all three variables from the source: the counterfactual label is the source's own task label,
        // and copying the whole of fc1 from the source makes the network predict exactly that
        TrialSpec spec = TrialSpec.builder().variables(Variable.values()).site(Site.FC1).view(View.FLAT)
                .type(InterventionType.VANILLA).k(1).epochs(1).lr(1e-3).nTrain(64).nEval(1000).dataSeed(4).seed(4)
                .build();
        TrialResult r = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu());
        assertEquals(3, spec.intervention().k());
        assertTrue(r.epochLosses().isEmpty() && Double.isNaN(r.finalLoss()));
        assertEquals(0.0, r.orthogonalityError());
        assertTrue(r.iia() > 0.88, r.toString());
        assertTrue(r.trivialIia() < 0.7, r.toString());
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
