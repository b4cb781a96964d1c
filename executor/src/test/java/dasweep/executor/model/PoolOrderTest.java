package dasweep.executor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import dasweep.executor.torch.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The network's pooling is computed as max pooling then ReLU ({@link EllipseCnn#pool}; without gradients by window
 * maxima); it must equal ReLU then libtorch's max pooling, as the network is defined, to the bit, values and gradient,
 * including windows whose max is not positive, windows with tied maxima and zeros.
 */
class PoolOrderTest {
    @Test
    void poolThenReluEqualsReluThenPoolValuesAndGradient() {
        Torch.threads(2);
        boolean before = Torch.gradMode(true);
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(21);
            float[] x = new float[8 * 4 * 6 * 6];
            for (int i = 0; i < x.length; i++) {
                int kind = random.nextInt(6);   // ties (exact repeats, zeros) are common in conv outputs of flat regions
                x[i] = kind == 0 ? 0f : kind == 1 ? 0.5f : kind == 2 ? -0.5f : (float) random.nextGaussian();
            }
            float[] upstream = new float[8 * 4 * 3 * 3];
            for (int i = 0; i < upstream.length; i++) {
                upstream[i] = (float) random.nextGaussian();
            }
            Shape shape = new Shape(8, 4, 6, 6);
            Shape w = new Shape(2, 2);
            NDArray a = m.create(x, shape);
            a.setRequiresGradient(true);
            NDArray ya = Pool.maxPool2d(Activation.relu(a), w, w, new Shape(0, 0), false);   // as defined
            Torch.backward(ya.mul(m.create(upstream, ya.getShape())).sum());
            NDArray b = m.create(x, shape);
            b.setRequiresGradient(true);
            NDArray yb = EllipseCnn.pool(b);
            Torch.backward(yb.mul(m.create(upstream, yb.getShape())).sum());
            assertArrayEquals(ya.toFloatArray(), yb.toFloatArray(), 0f);
            float[] ga = a.getGradient().toFloatArray();
            assertArrayEquals(ga, b.getGradient().toFloatArray(), 0f);
            int nonzero = 0;
            for (float g : ga) {
                nonzero += g != 0 ? 1 : 0;
            }
            assertTrue(nonzero > 50, "the gradient reaches the inputs: " + nonzero);
            Torch.gradMode(false);    // without gradients: the window maxima
            NDArray c = m.create(x, shape);
            assertArrayEquals(Pool.maxPool2d(Activation.relu(c), w, w, new Shape(0, 0), false).toFloatArray(),
                    EllipseCnn.pool(c).toFloatArray(), 0f);
            assertArrayEquals(Pool.maxPool2d(c, w, w, new Shape(0, 0), false).toFloatArray(),
                    EllipseCnn.windowMax(c).toFloatArray(), 0f, "the first maximum of each window, ties included");
        } finally {
            Torch.gradMode(before);
        }
    }
}
