package dasweep.driver.subspace;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * How much two subspaces of one space (same network, site and view: one basis) overlap. With U₁ (n×a) and U₂ (n×b)
 * orthonormal bases, the singular values of U₁ᵀU₂ are the cosines of the principal angles (min(a, b) of them;
 * Commons Math's {@link SingularValueDecomposition}, in double). {@code similarity} is the mean squared cosine:
 * 1 for equal subspaces (or the smaller inside the larger: normalised by the smaller size), 0 for orthogonal ones,
 * and for two random subspaces its expectation is {@code chance} = max(a, b)/n (E tr(P₁P₂) = ab/n; so k/n for
 * equal k).
 */
public final class PrincipalAngles {
    private PrincipalAngles() {
    }

    /**
     * @param anglesDegrees the principal angles, smallest first, in degrees
     * @param similarity    Σ cos²θᵢ / min(a, b), in [0, 1]
     * @param chance        its expectation for random subspaces of these sizes: max(a, b)/n
     */
    public record Overlap(double[] anglesDegrees, double similarity, double chance) {
    }

    /**
     * The overlap of the column spans of {@code u1} (n×a, row-major) and {@code u2} (n×b, row-major).
     */
    public static Overlap of(float[] u1, int a, float[] u2, int b, int n) {
        if (a < 1 || b < 1 || n < 1 || u1.length != n * a || u2.length != n * b) {
            throw new IllegalArgumentException("bases of n×a and n×b floats, not " + u1.length + " and " + u2.length
                    + " for n " + n + ", a " + a + ", b " + b);
        }
        double[][] m = new double[a][b];
        for (int i = 0; i < n; i++) {
            int r1 = i * a;
            int r2 = i * b;
            for (int p = 0; p < a; p++) {
                double x = u1[r1 + p];
                if (x == 0) {
                    continue;
                }
                double[] row = m[p];
                for (int q = 0; q < b; q++) {
                    row[q] += x * u2[r2 + q];
                }
            }
        }
        double[] sigma = new SingularValueDecomposition(new Array2DRowRealMatrix(m, false)).getSingularValues();
        int r = Math.min(a, b);
        double[] angles = new double[r];
        double sum = 0;
        for (int i = 0; i < r; i++) {
            double c = Math.min(1, Math.max(0, sigma[i]));             // descending: angles ascending
            sum += c * c;
            angles[i] = Math.toDegrees(Math.acos(c));
        }
        return new Overlap(angles, Math.min(1, sum / r), (double) Math.max(a, b) / n);
    }
}
