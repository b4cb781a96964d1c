package dasweep.executor.das;

import java.util.SplittableRandom;

/** Small dense linear algebra on the JVM, in double, for initialisation and checks (not the hot path). */
final class Orthogonal {
    private Orthogonal() {
    }

    /**
     * An n×m matrix (row-major) with orthonormal columns drawn at random: modified Gram–Schmidt on
     * a Gaussian matrix with the signs fixed so that the distribution is Haar, as torch's
     * {@code orthogonal_} does with a QR.
     */
    static double[] random(int n, int m, SplittableRandom random) {
        double[][] cols = new double[m][n];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                cols[j][i] = gaussian(random);
            }
        }
        for (int j = 0; j < m; j++) {
            double[] c = cols[j];
            for (int p = 0; p < j; p++) {
                double[] q = cols[p];
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += q[i] * c[i];
                }
                for (int i = 0; i < n; i++) {
                    c[i] -= dot * q[i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += c[i] * c[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                c[i] /= norm;
            }
        }
        double[] out = new double[n * m];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                out[i * m + j] = cols[j][i];
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    /** max|WᵀW − I| for an n×m row-major matrix given as floats. */
    static double orthogonalityError(float[] w, int n, int m) {
        double worst = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += (double) w[i * m + a] * w[i * m + b];
                }
                worst = Math.max(worst, Math.abs(dot - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
