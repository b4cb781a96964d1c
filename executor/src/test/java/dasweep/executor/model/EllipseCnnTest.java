package dasweep.executor.model;

import dasweep.executor.spec.Architecture;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.Site;
import dasweep.executor.spec.View;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.TestNetworks;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.spec.Objective;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.SharedModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class EllipseCnnTest {

    @Test
    void notebookNetworkScoresAbove90PercentIdenticallyFromBothFiles() {
        NetworkWeights pth = NetworkWeights.read(SharedModels.pth());
        NetworkWeights safetensors = NetworkWeights.read(SharedModels.safetensors());
        double fromPth = BaseTrainer.accuracy(pth, Objective.EQUAL, 10_000, 1234, 2, Device.cpu());
        double fromSafetensors = BaseTrainer.accuracy(safetensors, Objective.EQUAL, 10_000, 1234, 2, Device.cpu());
        assertTrue(fromPth >= 0.90, "accuracy " + fromPth);
        assertEquals(fromPth, fromSafetensors, 0.0);
    }

    @Test
    void piecewiseForwardEqualsWholeForwardAtEverySite() {
        EllipseImages images = EllipseGenerator.generate(5, 64);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            EllipseCnn cnn = EllipseCnn.of(manager, TestNetworks.random(1), true);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.create(images.pixels(), new Shape(64, 1, 28, 28));
            float[] whole = cnn.logit(ps, x).toFloatArray();
            for (Site site : Site.values()) {
                NDArray h = cnn.toSite(ps, x, site);
                assertEquals(new Shape(64, site.channels(), site.height(), site.width()).size(), h.getShape().size());
                assertArrayEquals(whole, cnn.fromSite(ps, h, site).toFloatArray(), 1e-5f, site.id());
            }
        }
    }

    @Test
    void siteShapesFollowTheArchitecture() {
        assertEquals(List.of(16, 28, 28), chw(Site.CONV1));
        assertEquals(List.of(32, 14, 14), chw(Site.CONV2));
        assertEquals(List.of(64, 7, 7), chw(Site.CONV3));
        assertEquals(List.of(3, 1, 1), chw(Site.FC1));
        assertEquals(Site.CONV3.size(), Architecture.fc1InFeatures());
        assertEquals(448, View.ROWS.features(Site.CONV1));
    }

    private static List<Integer> chw(Site site) {
        return List.of(site.channels(), site.height(), site.width());
    }

    @Test
    void weightsRoundTripThroughTheBlocks() {
        NetworkWeights weights = NetworkWeights.random(2, Init.PYTORCH);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(weights, EllipseCnn.of(manager, weights, true).weights());
        }
    }

    @Test
    void randomInitialisationIsSeededAndTorchLike() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NetworkWeights a = EllipseCnn.random(manager, 3, Init.PYTORCH).weights();
            NetworkWeights b = EllipseCnn.random(manager, 3, Init.PYTORCH).weights();
            NetworkWeights c = EllipseCnn.random(manager, 4, Init.PYTORCH).weights();
            assertEquals(a, b);
            assertEquals(NetworkWeights.random(3, Init.PYTORCH), a);
            assertTrue(!a.equals(c));
            float bound = (float) (1 / Math.sqrt(3136));          // fc1: fan-in 3136
            for (float v : a.get("fc1.weight").data()) {
                assertTrue(Math.abs(v) <= bound);
            }
        }
    }

    @Test
    void kerasInitialisationIsGlorotUniformWithZeroBiases() {
        NetworkWeights keras = NetworkWeights.random(3, Init.KERAS);
        assertEquals(keras, NetworkWeights.random(3, Init.KERAS));
        // Glorot: ±sqrt(6 / (fan_in + fan_out)); a kernel's positions count on both sides (conv2: 16·9 in, 32·9 out)
        double[][] bounds = {{0, Math.sqrt(6.0 / (1 * 9 + 16 * 9))}, {2, Math.sqrt(6.0 / (16 * 9 + 32 * 9))},
                {6, Math.sqrt(6.0 / (3136 + 3))}, {8, Math.sqrt(6.0 / (3 + 1))}};
        String[] names = {"conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
                "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
        for (double[] b : bounds) {
            float[] w = keras.get(names[(int) b[0]]).data();
            double max = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= b[1], names[(int) b[0]] + " within ±" + b[1] + ": " + max);
            assertTrue(w.length < 10 || max > 0.8 * b[1], names[(int) b[0]] + " fills its range: " + max);
        }
        for (int i = 1; i < names.length; i += 2) {
            for (float v : keras.get(names[i]).data()) {
                assertEquals(0f, v, names[i] + " is zeros");
            }
        }
        assertTrue(!keras.equals(NetworkWeights.random(3, Init.PYTORCH)));
    }
}
