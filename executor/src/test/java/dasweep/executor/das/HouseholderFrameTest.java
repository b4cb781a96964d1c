package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The product of reflections applied in one go (the UT transform) is the product applied one reflection at a time. */
class HouseholderFrameTest {
    @Test
    void theUtTransformIsTheProductOfTheReflections() {
        int n = 40;
        int m = 7;
        SplittableRandom random = new SplittableRandom(11);
        double[][] v = new double[n][m];
        double[][] w = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                v[i][j] = (i == j ? 1 : 0) + (i > j ? random.nextGaussian() : 0);
                w[i][j] = random.nextGaussian();
            }
        }
        double[][] expected = sequential(v, w);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray eye = manager.eye(n, m, 0);
            NDArray tails = manager.create(Orthogonal.toFloats(flat(v)), new Shape(n, m)).sub(eye);
            NDArray ws = manager.create(Orthogonal.toFloats(flat(w)), new Shape(n, m));
            float[] actual = HouseholderFrame.reflect(tails, HouseholderFrame.sInverse(tails, eye), ws, eye).toFloatArray();
            assertArrayEquals(Orthogonal.toFloats(flat(expected)), actual, 1e-4f);
        }
    }

    @Test
    void itsGradientIsTheProductsGradient() {
        int n = 300;
        int m = 4;
        boolean before = dasweep.executor.torch.Torch.gradMode(true);
        try (NDManager manager = NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray tails = manager.randomNormal(new Shape(n, m));
            float[] mask = new float[n * m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m && j < i; j++) {
                    mask[i * m + j] = 1;
                }
            }
            NDArray lower = manager.create(mask, new Shape(n, m));
            NDArray eye = manager.eye(n, m, 0);
            NDArray r = manager.randomNormal(new Shape(n, m));
            NDArray a1 = tails.mul(lower).duplicate();
            a1.setRequiresGradient(true);
            NDArray t1 = a1.mul(lower);
            dasweep.executor.torch.Torch.backward(HouseholderFrame.reflect(t1, HouseholderFrame.sInverse(t1, eye), eye, eye).mul(r).sum());
            NDArray a2 = tails.mul(lower).duplicate();
            a2.setRequiresGradient(true);
            NDArray v2 = eye.add(a2.mul(lower));
            NDArray w = eye;
            for (int j = m - 1; j >= 0; j--) {
                NDArray vj = v2.get(new ai.djl.ndarray.index.NDIndex(":, {}:{}", j, j + 1));
                NDArray scale = vj.square().sum().mul(0.5f);
                w = w.sub(vj.matMul(vj.transpose().matMul(w)).div(scale));
            }
            dasweep.executor.torch.Torch.backward(w.mul(r).sum());
            assertArrayEquals(a2.getGradient().toFloatArray(), a1.getGradient().toFloatArray(), 1e-3f);
        } finally {
            dasweep.executor.torch.Torch.gradMode(before);
        }
    }

    /** H₀ (H₁ (… (H_{m−1} w))), in doubles, one reflection at a time. */
    private static double[][] sequential(double[][] v, double[][] w) {
        int n = v.length;
        int m = v[0].length;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = w[i].clone();
        }
        for (int j = m - 1; j >= 0; j--) {
            double vv = 0;
            for (int i = 0; i < n; i++) {
                vv += v[i][j] * v[i][j];
            }
            for (int c = 0; c < m; c++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i][j] * out[i][c];
                }
                for (int i = 0; i < n; i++) {
                    out[i][c] -= 2 * v[i][j] * dot / vv;
                }
            }
        }
        return out;
    }

    private static double[] flat(double[][] a) {
        double[] f = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
        }
        return f;
    }
}
