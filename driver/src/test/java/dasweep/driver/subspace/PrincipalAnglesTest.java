package dasweep.driver.subspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Principal angles and the similarity on known cases: identical subspaces (1, angles 0), orthogonal ones (0, 90°),
 * a constructed pair at known angles, a smaller subspace inside a larger one, and random pairs, whose similarity
 * averages max(a, b)/n within sampling error.
 */
class PrincipalAnglesTest {
    /** A random n×k orthonormal basis (Gram–Schmidt of Gaussian columns, twice), row-major floats. */
    static float[] random(int n, int k, SplittableRandom r) {
        double[][] cols = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                cols[j][i] = r.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += cols[j][i] * cols[p][i];
                    }
                    for (int i = 0; i < n; i++) {
                        cols[j][i] -= dot * cols[p][i];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += cols[j][i] * cols[j][i];
            }
            for (int i = 0; i < n; i++) {
                cols[j][i] /= Math.sqrt(norm);
            }
        }
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = (float) cols[j][i];
            }
        }
        return out;
    }

    /** The first {@code k} columns of an n×m basis. */
    static float[] first(float[] u, int n, int m, int k) {
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(u, i * m, out, i * k, k);
        }
        return out;
    }

    @Test
    void identicalSubspacesHaveSimilarityOneAndAnglesZero() {
        float[] u = random(200, 8, new SplittableRandom(1));
        PrincipalAngles.Overlap o = PrincipalAngles.of(u, 8, u, 8, 200);
        assertEquals(1.0, o.similarity(), 1e-6);
        for (double a : o.anglesDegrees()) {
            assertEquals(0.0, a, 0.05);          // float32 bases: cos within 1e-7 of 1 is < 0.03°
        }
        assertEquals(8.0 / 200, o.chance(), 0.0);
    }

    @Test
    void theSameSubspaceInAnotherBasisIsStillOne() {
        // columns (e0 + e1)/√2 and (e0 − e1)/√2 span what e0 and e1 span
        int n = 5;
        float[] a = new float[n * 2];
        a[0] = 1;
        a[3] = 1;                                  // e0, e1
        float s = (float) Math.sqrt(0.5);
        float[] b = new float[n * 2];
        b[0] = s;
        b[1] = s;
        b[2] = s;
        b[3] = -s;
        PrincipalAngles.Overlap o = PrincipalAngles.of(a, 2, b, 2, n);
        assertEquals(1.0, o.similarity(), 1e-6);
    }

    @Test
    void orthogonalSubspacesHaveSimilarityZeroAndAnglesNinety() {
        int n = 10;
        float[] a = new float[n * 3];
        float[] b = new float[n * 3];
        for (int j = 0; j < 3; j++) {
            a[j * 3 + j] = 1;                      // e0, e1, e2
            b[(j + 3) * 3 + j] = 1;                // e3, e4, e5
        }
        PrincipalAngles.Overlap o = PrincipalAngles.of(a, 3, b, 3, n);
        assertEquals(0.0, o.similarity(), 1e-12);
        for (double angle : o.anglesDegrees()) {
            assertEquals(90.0, angle, 1e-9);
        }
    }

    @Test
    void aConstructedPairAtKnownAngles() {
        // U1 = [e0, e1]; U2 = [cos 30° e0 + sin 30° e2, cos 60° e1 + sin 60° e3]: principal angles 30° and 60°
        int n = 6;
        float[] u1 = new float[n * 2];
        u1[0] = 1;
        u1[3] = 1;
        float[] u2 = new float[n * 2];
        double a = Math.toRadians(30);
        double b = Math.toRadians(60);
        u2[0] = (float) Math.cos(a);
        u2[2 * 2] = (float) Math.sin(a);
        u2[1 * 2 + 1] = (float) Math.cos(b);
        u2[3 * 2 + 1] = (float) Math.sin(b);
        PrincipalAngles.Overlap o = PrincipalAngles.of(u1, 2, u2, 2, n);
        assertEquals(30.0, o.anglesDegrees()[0], 1e-4);
        assertEquals(60.0, o.anglesDegrees()[1], 1e-4);
        assertEquals((0.75 + 0.25) / 2, o.similarity(), 1e-6);
    }

    @Test
    void aSmallerSubspaceInsideALargerOneIsOneNormalisedByTheSmaller() {
        float[] big = random(100, 16, new SplittableRandom(2));
        PrincipalAngles.Overlap o = PrincipalAngles.of(first(big, 100, 16, 4), 4, big, 16, 100);
        assertEquals(1.0, o.similarity(), 1e-6);
        assertEquals(4, o.anglesDegrees().length);
        assertEquals(16.0 / 100, o.chance(), 0.0);
    }

    @Test
    void randomPairsAverageChanceWithinSamplingError() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] sizes : new int[][] {{64, 4, 4}, {64, 2, 8}, {300, 16, 16}}) {
            int n = sizes[0];
            int pairs = 400;
            double sum = 0;
            double sumSq = 0;
            for (int t = 0; t < pairs; t++) {
                double s = PrincipalAngles.of(random(n, sizes[1], r), sizes[1], random(n, sizes[2], r), sizes[2], n)
                        .similarity();
                sum += s;
                sumSq += s * s;
            }
            double mean = sum / pairs;
            double se = Math.sqrt((sumSq / pairs - mean * mean) / (pairs - 1));
            double chance = (double) Math.max(sizes[1], sizes[2]) / n;
            System.out.printf("random n %d, k %d vs %d: mean similarity %.5f ± %.5f (se), chance %.5f%n", n, sizes[1],
                    sizes[2], mean, se, chance);
            assertTrue(Math.abs(mean - chance) < 4 * se, "n " + n + ": " + mean + " vs " + chance + " (se " + se + ")");
        }
    }
}
