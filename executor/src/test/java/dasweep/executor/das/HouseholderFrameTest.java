package dasweep.executor.das;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void theBaseKeepsTheInitialFrameAndCompletesItWithDenseDirections() {
        int n = 64;
        int m = 3;
        double[] reflectors = Orthogonal.householderReflectors(n, m, new SplittableRandom(5));
        double[][] v = new double[n][m];
        double[][] e = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                v[i][j] = i == j ? 1 : reflectors[i * m + j];
                e[i][j] = i == j ? 1 : 0;
            }
        }
        float[] frame = Orthogonal.toFloats(flat(sequential(v, e)));            // Q·E_m: torch's initial frame
        try (NDManager manager = NDManager.newBaseManager();
             HouseholderFrame h = new HouseholderFrame(manager, n, m, new SplittableRandom(5))) {
            float[] initial = h.columns().neg().toFloatArray();
            assertArrayEquals(frame, initial, 1e-5f);
            float[] b = h.base(manager.eye(n)).toFloatArray();                  // B, n×n
            float[] first = new float[n * m];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(b, i * n, first, i * m, m);
                for (int c = m; c < n; c++) {
                    worst = Math.max(worst, Math.abs(b[i * n + c]));
                }
            }
            assertArrayEquals(frame, first, 1e-5f);
            assertTrue(Orthogonal.orthogonalityError(b, n, n) < 1e-5, "B is orthogonal");
            // a completion near the standard basis has entries near 1; a random one of 64 dimensions about 0.4
            assertTrue(worst < 0.7, "largest entry of the completion " + worst);
        }
    }

    @Test
    void allOfASmallSiteCanBeTheFrame() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (long seed = 0; seed < 20; seed++) {
                try (HouseholderFrame h = new HouseholderFrame(manager, 3, 3, new SplittableRandom(seed))) {
                    assertTrue(h.orthogonalityError() < 1e-5, "seed " + seed + ": " + h.orthogonalityError());
                }
            }
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
