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
            NDArray vs = manager.create(Orthogonal.toFloats(flat(v)), new Shape(n, m));
            NDArray ws = manager.create(Orthogonal.toFloats(flat(w)), new Shape(n, m));
            float[] actual = HouseholderFrame.reflect(vs, HouseholderFrame.sInverse(vs), ws).toFloatArray();
            assertArrayEquals(Orthogonal.toFloats(flat(expected)), actual, 1e-4f);
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
