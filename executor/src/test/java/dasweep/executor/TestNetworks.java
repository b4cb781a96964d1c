package dasweep.executor;

import dasweep.executor.spec.Seeds;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dasweep.executor.data.EllipseGenerator;
import dasweep.executor.data.EllipseImages;
import dasweep.executor.model.EllipseCnn;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.Site;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Seeded random networks for the engine tests that are not about the notebook's trained network:
 * they need no ../shared. A bare {@link NetworkWeights#random} network is useless to them: its fc1
 * units are often off for every image (the inputs are nearly constant), and even when alive its
 * logit hardly varies around fc2's bias, so it predicts one class and passes no gradient.
 */
public final class TestNetworks {
    private static final int REFERENCE_IMAGES = 256;
    private static final Map<Long, NetworkWeights> MADE = new ConcurrentHashMap<>();

    private TestNetworks() {
    }

    /**
     * {@link NetworkWeights#random} drawn from {@code seed}, {@code seed + 1}, ... until every fc1
     * unit is on for some reference image, with fc2's bias shifted so that the median logit over
     * the reference images is 0: about half of all images are predicted 1. Deterministic (and
     * made once per seed and JVM).
     */
    public static NetworkWeights random(long seed) {
        return MADE.computeIfAbsent(seed, TestNetworks::make);
    }

    private static NetworkWeights make(long seed) {
        EllipseImages images = EllipseGenerator.generate(Seeds.derive(seed, "test-network-reference"), REFERENCE_IMAGES);
        for (long draw = seed; ; draw++) {
            NetworkWeights weights = NetworkWeights.random(draw, Init.PYTORCH);
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                EllipseCnn cnn = EllipseCnn.of(manager, weights, true);
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray x = manager.create(images.pixels(),
                        new Shape(REFERENCE_IMAGES, 1, EllipseImages.SIZE, EllipseImages.SIZE));
                if (cnn.toSite(ps, x, Site.FC1).max(new int[] {0}).min().getFloat() <= 0) {
                    continue;
                }
                float[] logits = cnn.logit(ps, x).toFloatArray();
                Arrays.sort(logits);
                float median = logits[logits.length / 2];
                Map<String, Tensor> tensors = new LinkedHashMap<>(weights.tensors());
                tensors.put("fc2.bias", new Tensor(new long[] {1}, new float[] {weights.get("fc2.bias").at(0) - median}));
                return NetworkWeights.of(tensors, "test network " + seed + " (draw " + draw + ")");
            }
        }
    }
}
