package dasweep.executor.das;

import dasweep.executor.spec.InterventionType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.Notebook;
import dasweep.executor.TestNetworks;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.spec.Variable;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.torch.Torch;
import dasweep.executor.weights.NetworkWeights;
import org.junit.jupiter.api.Test;

class SiteActivationsTest {
    private static final NetworkWeights WEIGHTS = TestNetworks.random(1);

    @Test
    void cachedRowsAreTheSiteActivationsOfThoseImagesAtEverySite() {
        EllipseImages pool = EllipseGenerator.generate(7, SiteActivations.CHUNK + 37);   // two chunks, one partial
        int[] indices = {3, SiteActivations.CHUNK + 36, 0, 3, 511};
        boolean grad = Torch.gradMode(false);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            EllipseCnn cnn = EllipseCnn.of(manager, WEIGHTS, true);
            ParameterStore ps = new ParameterStore(manager, false);
            for (Site site : Site.values()) {
                SiteActivations cache = SiteActivations.compute(cnn, ps, manager, pool, site);
                try (NDScope scope = new NDScope()) {
                    NDArray rows = cache.rows(indices, 1, 5);
                    float[] images = new float[4 * EllipseImages.PIXELS];
                    pool.copyImages(indices, 1, 5, images);
                    NDArray direct = cnn.toSite(ps, manager.create(images, new Shape(4, 1, 28, 28)), site);
                    assertEquals(direct.getShape(), rows.getShape(), site.id());
                    assertArrayEquals(direct.toFloatArray(), rows.toFloatArray(), 1e-5f, site.id());
                }
            }
        } finally {
            Torch.gradMode(grad);
        }
    }

    @Test
    void theBudgetRuleCachesEverySiteOnThePaperPoolsButNotTwiceThem() {
        long images = 11_000;
        long budget = SiteActivations.DEFAULT_BUDGET_MIB * 1024 * 1024;
        assertEquals(4L * 12_544 * 10_000, SiteActivations.bytes(Site.CONV1, 10_000));
        assertTrue(SiteActivations.fits(Site.CONV1, images, budget));
        assertFalse(SiteActivations.fits(Site.CONV1, 2 * images, budget));
        assertTrue(SiteActivations.fits(Site.CONV2, images, budget));
        assertTrue(SiteActivations.fits(Site.CONV3, images, budget));
        assertTrue(SiteActivations.fits(Site.FC1, images, budget));
    }

    @Test
    void aTrialGivesTheSameResultWithAndWithoutTheCache() {
        for (Site site : new Site[] {Site.CONV1, Site.CONV3}) {
            TrialSpec spec = TrialSpec.builder().variables(Variable.COLOR, Variable.AREA).site(site).view(View.FLAT)
                    .type(InterventionType.LOW_RANK).k(4).multiSource(true).epochs(2).batchSize(128).nTrain(256)
                    .nEval(128).dataSeed(2).seed(2).build();
            TrialResult cached = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), Long.MAX_VALUE);
            TrialResult perBatch = DasTrainer.run(spec, WEIGHTS, 1, Device.cpu(), 0);
            assertEquals(perBatch.iia(), cached.iia(), 0.002, site.id());
            assertEquals(perBatch.trivialIia(), cached.trivialIia(), 0.0, site.id());
            for (int e = 0; e < 2; e++) {
                assertEquals(perBatch.epochLosses().get(e), cached.epochLosses().get(e), 1e-5, site.id());
            }
        }
        TrialSpec rows = Notebook.singleSource(256, 128, 1, 3, 3);
        TrialResult cached = DasTrainer.run(rows, WEIGHTS, 1, Device.cpu(), Long.MAX_VALUE);
        TrialResult perBatch = DasTrainer.run(rows, WEIGHTS, 1, Device.cpu(), 0);
        assertEquals(perBatch.iia(), cached.iia(), 0.002);
        assertEquals(perBatch.finalLoss(), cached.finalLoss(), 1e-5);
    }
}
