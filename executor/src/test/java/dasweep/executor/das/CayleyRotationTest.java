package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dasweep.executor.torch.Torch;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CayleyRotation#columns()} takes the inverse's derivative on the used columns only (issue 21): its values and
 * its gradient are those of the whole matrix R differentiated through autograd's own inverse, then sliced.
 */
class CayleyRotationTest {
    @Test
    void theColumnsAndTheirGradientAreThoseOfTheWholeRotationSliced() {
        int n = 48;
        int c = 6;
        try (NDManager manager = NDManager.newBaseManager();
             CayleyRotation r = new CayleyRotation(manager, n, c, new SplittableRandom(3))) {
            boolean before = Torch.gradMode(false);
            NDArray p = r.parameters().get(0);
            manager.getEngine().setRandomSeed(9);
            p.addi(manager.randomNormal(new Shape(n, n)).mul(0.2f));           // away from P = 0, where A vanishes
            NDArray weights = manager.randomNormal(new Shape(n, c));           // a loss Σ w ⊙ columns
            Torch.gradMode(true);
            NDArray columns = r.columns();
            Torch.backward(columns.mul(weights).sum());
            float[] gradient = p.getGradient().toFloatArray();
            Torch.zeroGrad(p);
            NDArray sliced = r.matrix().get(new NDIndex(":, :{}", c));
            Torch.backward(sliced.mul(weights).sum());
            float[] expected = p.getGradient().toFloatArray();
            assertArrayEquals(sliced.toFloatArray(), columns.toFloatArray(), 1e-5f);
            double largest = 0;
            for (int i = 0; i < expected.length; i++) {
                largest = Math.max(largest, Math.abs(expected[i]));
            }
            assertTrue(largest > 1e-2, "the gradient is not trivially zero: " + largest);
            assertArrayEquals(expected, gradient, (float) (1e-5 * largest));
            Torch.gradMode(before);
        }
    }
}
