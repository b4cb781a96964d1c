package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dasweep.executor.TestNetworks;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;
import dasweep.executor.torch.Losses;
import dasweep.executor.torch.Torch;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interchange and the rotations, on a seeded random network (no ../shared needed) and a few real images. */
class InterchangeTest {
    private NDManager manager;
    private EllipseCnn cnn;
    private ParameterStore ps;
    private NDArray base;
    private NDArray source;
    private NDArray source2;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Device.cpu());
        cnn = EllipseCnn.of(manager, TestNetworks.random(1), true);
        ps = new ParameterStore(manager, false);
        float[] pixels = EllipseGenerator.generate(11, 48).pixels();
        NDArray x = manager.create(pixels, new Shape(48, 1, 28, 28));
        base = x.get(new NDIndex("0:16"));
        source = x.get(new NDIndex("16:32"));
        source2 = x.get(new NDIndex("32:48"));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private float[] intervened(Site site, View view, NDArray w, int k, NDArray... sources) {
        List<NDArray> hs = java.util.Arrays.stream(sources).map(s -> cnn.toSite(ps, s, site)).toList();
        NDArray h = Interchange.apply(cnn.toSite(ps, base, site), hs, w, k, site, view);
        return cnn.fromSite(ps, h, site).toFloatArray();
    }

    @Test
    void kZeroGivesTheBaseOutput() {
        try (CayleyRotation r = new CayleyRotation(manager, 448, 0, new SplittableRandom(1))) {
            assertArrayEquals(cnn.logit(ps, base).toFloatArray(),
                    intervened(Site.CONV1, View.ROWS, r.columns(), 0, source), 1e-5f);
        }
    }

    @Test
    void rotatedWithKEqualToNGivesTheSourceOutput() {
        for (Site site : List.of(Site.CONV1, Site.CONV3)) {
            int n = View.ROWS.features(site);
            try (CayleyRotation r = new CayleyRotation(manager, n, n, new SplittableRandom(2))) {
                r.parameters().get(0).addi(manager.randomNormal(new Shape(n, n)).mul(0.01f));  // away from R0
                assertArrayEquals(cnn.logit(ps, source).toFloatArray(),
                        intervened(site, View.ROWS, r.columns(), n, source), 1e-3f, site.id());
            }
        }
    }

    @Test
    void lowRankFrameWithKEqualToNGivesTheSourceOutputAtFc1() {
        try (HouseholderFrame f = new HouseholderFrame(manager, 3, 3, new SplittableRandom(3))) {
            assertArrayEquals(cnn.logit(ps, source).toFloatArray(),
                    intervened(Site.FC1, View.FLAT, f.columns(), 3, source), 1e-4f);
        }
    }

    @Test
    void vanillaCopiesTheWholeSite() {
        assertArrayEquals(cnn.logit(ps, source).toFloatArray(),
                intervened(Site.CONV2, View.FLAT, null, 6272, source), 1e-6f);
    }

    @Test
    void disjointBlocksEqualApplyingTheSourcesInOrder() {
        int k = 32;
        try (CayleyRotation r = new CayleyRotation(manager, 448, 2 * k, new SplittableRandom(4))) {
            NDArray w = r.columns();
            float[] together = intervened(Site.CONV1, View.ROWS, w, k, source, source2);
            NDArray h1 = Interchange.apply(cnn.toSite(ps, base, Site.CONV1), List.of(cnn.toSite(ps, source, Site.CONV1)),
                    w.get(new NDIndex(":, 0:32")), k, Site.CONV1, View.ROWS);
            NDArray h2 = Interchange.apply(h1, List.of(cnn.toSite(ps, source2, Site.CONV1)),
                    w.get(new NDIndex(":, 32:64")), k, Site.CONV1, View.ROWS);
            assertArrayEquals(cnn.fromSite(ps, h2, Site.CONV1).toFloatArray(), together, 1e-4f);
        }
    }

    @Test
    void rotationsAreOrthogonalByConstruction() {
        try (CayleyRotation r = new CayleyRotation(manager, 448, 64, new SplittableRandom(5));
             HouseholderFrame f = new HouseholderFrame(manager, 6272, 16, new SplittableRandom(6))) {
            r.parameters().get(0).addi(manager.randomNormal(new Shape(448, 448)).mul(0.05f));
            f.parameters().get(0).addi(manager.randomNormal(new Shape(6272, 16)));
            assertTrue(r.orthogonalityError() < 1e-4, "cayley " + r.orthogonalityError());
            assertTrue(f.orthogonalityError() < 1e-4, "householder " + f.orthogonalityError());
        }
    }

    @Test
    void gradientsReachTheRotationAndNothingElse() {
        boolean before = Torch.gradMode(true);
        try (CayleyRotation r = new CayleyRotation(manager, 448, 64, new SplittableRandom(7))) {
            NDArray h = Interchange.apply(cnn.toSite(ps, base, Site.CONV1), List.of(cnn.toSite(ps, source, Site.CONV1)),
                    r.columns(), 64, Site.CONV1, View.ROWS);
            NDArray loss = Losses.bceWithLogits(cnn.fromSite(ps, h, Site.CONV1), manager.ones(new Shape(16)));
            Torch.backward(loss);
            float[] grad = r.parameters().get(0).getGradient().toFloatArray();
            double norm = 0;
            for (float g : grad) {
                norm += g * g;
            }
            assertTrue(norm > 0, "the rotation got no gradient");
            for (var p : cnn.getParameters()) {
                Parameter parameter = p.getValue();
                assertFalse(parameter.requiresGradient(), p.getKey() + " is trainable");
                assertFalse(parameter.getArray().hasGradient(), p.getKey() + " has a gradient");
            }
        } finally {
            Torch.gradMode(before);
        }
    }

    /**
     * A subspace's rows are in the view's channel-major feature order (c·W + x for rows, c·H·W + y·W + x for flat),
     * whatever order the products read the activations in: a one-column frame on feature j swaps exactly the
     * activations that feature names, at every position.
     */
    @Test
    void aUnitFrameSwapsExactlyTheFeatureItNames() {
        for (Site site : List.of(Site.CONV2, Site.CONV3)) {     // read channels-last, and channel-major
            int c = site.channels();
            int h = site.height();
            int wd = site.width();
            NDArray b = manager.randomNormal(new Shape(3, c, h, wd));
            NDArray s = manager.randomNormal(new Shape(3, c, h, wd));
            float[] bf = b.toFloatArray();
            float[] sf = s.toFloatArray();
            int ch = 5;
            int y = 3;
            int x = 6;
            for (View view : View.values()) {
                int n = view.features(site);
                int j = view == View.ROWS ? ch * wd + x : (ch * h + y) * wd + x;
                float[] unit = new float[n];
                unit[j] = 1;
                float[] out = Interchange.apply(b, List.of(s), manager.create(unit, new Shape(n, 1)), 1, site, view)
                        .toFloatArray();
                float[] expected = bf.clone();
                for (int e = 0; e < 3; e++) {
                    for (int row = 0; row < h; row++) {
                        if (view == View.ROWS || row == y) {
                            int at = ((e * c + ch) * h + row) * wd + x;
                            expected[at] = sf[at];
                        }
                    }
                }
                assertArrayEquals(expected, out, 1e-6f, site.id() + " " + view.id());
            }
        }
    }
}
