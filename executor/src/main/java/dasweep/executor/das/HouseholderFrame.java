package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code low_rank} intervention's n×m matrix with orthonormal columns, parametrised as torch (and
 * so pyvene) does a non-square orthogonal weight with its default trivialisation:
 * W = B · H₀ H₁ … H_{m−1} · E_m. Each H_j = I − 2 v_j v_jᵀ / (v_jᵀ v_j) is a Householder reflection
 * with v_j = e_j + (column j of the learned parameter A below the diagonal); A starts at 0, so the
 * H's start as plain sign flips and an Adam step moves the frame by about lr·√n per column, as in
 * torch. B is a fixed random orthogonal matrix whose first m columns are the initial frame (torch's
 * {@code orthogonal_} init) and whose other n − m columns are a random completion: they are the directions
 * A's entries move the frame along, and Adam scales each entry on its own, so they matter. torch completes
 * with a Haar-random basis (randn, then QR); a completion near the standard basis (one neuron per entry)
 * trains differently and lower in the paper setting's 60 steps (+0.01 IIA at conv3 with a random one;
 * README, "The paper's networks and grid"). B is never formed: B = Q·R·K, with Q the m Householder
 * reflections of the QR of a Gaussian n×m matrix (the initial frame), K = K₁ ⊗ K₂ a Kronecker product of
 * two Haar rotations (a·b = n, a dense rotation that is cheap to apply), and R the m reflections that carry
 * K's first m columns back to e_j, so that B's first m columns stay Q's. Exact by construction; a step
 * costs O(n·m·(m + a + b)), so it scales to flat sites of 12,544 features, where an n×n matrix would not.
 *
 * <p>A product of reflections is applied in one go, not one reflection at a time: with V the n×m
 * matrix of the v_j, H₀ H₁ … H_{m−1} = I − V S⁻¹ Vᵀ where S = striu(VᵀV) + diag(VᵀV)/2 is m×m upper
 * triangular (the UT transform, Joffrain, Low, Quintana-Ortí and van de Geijn, "Accumulating Householder
 * transformations, revisited", 2006). Mathematically the same W; autograd then keeps a few n×m arrays
 * per step instead of three per reflection (the paper-setting trial at conv1, k = 64: peak RSS 2.4 GB → 1.1 GB).
 */
final class HouseholderFrame implements Rotation {
    private final NDManager manager;
    private final int n;
    private final int m;
    private final NDArray mask;
    private final NDArray eye;
    /** The fixed base's reflector tails and its S⁻¹ (never differentiated). */
    private final NDArray baseTails;
    private final NDArray baseSInverse;
    /** The completion: K = K₁ ⊗ K₂ (a·b = n), then the m reflections that bring K's first m columns back to e_j. */
    private final NDArray k1;
    private final NDArray k2;
    private final NDArray completionReflectors;
    private final NDArray completionSInverse;
    private final NDArray a;

    HouseholderFrame(NDManager parent, int n, int m, SplittableRandom random) {
        this.manager = parent.newSubManager();
        this.n = n;
        this.m = m;
        float[] mask = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m && j < i; j++) {
                mask[i * m + j] = 1;
            }
        }
        this.mask = manager.create(mask, new Shape(n, m));
        this.eye = manager.eye(n, m, 0);
        double[] reflectors = Orthogonal.householderReflectors(n, m, random);
        for (int j = 0; j < m; j++) {
            reflectors[j * m + j] = 1;                                          // v_j = e_j + tail
        }
        this.baseSInverse = manager.create(sInverse(reflectors, n, m), new Shape(m, m));
        for (int j = 0; j < m; j++) {
            reflectors[j * m + j] = 0;
        }
        this.baseTails = manager.create(Orthogonal.toFloats(reflectors), new Shape(n, m));
        int rows = kroneckerRows(n);
        double[] first = Orthogonal.random(rows, rows, random);
        double[] second = Orthogonal.random(n / rows, n / rows, random);
        this.k1 = manager.create(Orthogonal.toFloats(first), new Shape(rows, rows));
        this.k2 = manager.create(Orthogonal.toFloats(second), new Shape(n / rows, n / rows));
        double[] back = backReflectors(first, rows, second, n / rows, m);
        this.completionSInverse = manager.create(sInverse(back, n, m), new Shape(m, m));
        this.completionReflectors = manager.create(Orthogonal.toFloats(back), new Shape(n, m));
        this.a = manager.zeros(new Shape(n, m));
        a.setRequiresGradient(true);
    }

    @Override
    public NDArray columns() {
        NDArray tails = a.mul(mask);
        return base(reflect(tails, sInverse(tails, eye), eye, eye));
    }

    /** B·w for the fixed base B = Q·R·K (any number of columns). */
    NDArray base(NDArray w) {
        NDArray completed = reflect(completionReflectors, completionSInverse, kronecker(k1, k2, w));
        return reflect(baseTails, baseSInverse, completed, eye);
    }

    /** (K₁ ⊗ K₂)·y for y of n rows (row index i₁·b + i₂), as K₁·Y·K₂ᵀ per column. */
    static NDArray kronecker(NDArray k1, NDArray k2, NDArray y) {
        long a = k1.getShape().get(0);
        long b = k2.getShape().get(0);
        long m = y.getShape().get(1);
        NDArray left = k1.matMul(y.reshape(a, b * m)).reshape(a, b, m).transpose(1, 0, 2).reshape(b, a * m);
        return k2.matMul(left).reshape(b, a, m).transpose(1, 0, 2).reshape(a * b, m);
    }

    /** The largest divisor of n not above √n: K₁ is that square, K₂ the rest (n = 3: 1 and 3). */
    static int kroneckerRows(int n) {
        int rows = (int) Math.sqrt(n);
        while (n % rows != 0) {
            rows--;
        }
        return rows;
    }

    /**
     * The reflections R = R_{m−1} ⋯ R₀ with R·K·e_j = e_j for j &lt; m (K = K₁ ⊗ K₂): R_j maps x = R_{j−1} ⋯ R₀ K e_j,
     * which is orthogonal to e₀ … e_{j−1}, to e_j along v_j = x − e_j, fixing e₀ … e_{j−1}. Should x already be e_j
     * (it can when m = n), R_j flips it along e_j instead: a column's sign does not change the subspace. Returned
     * n×m row-major with column m−1−j holding v_j, so that the UT product of the columns in order is R.
     */
    static double[] backReflectors(double[] k1, int a, double[] k2, int b, int m) {
        int n = a * b;
        double[][] v = new double[m][];
        double[] out = new double[n * m];
        for (int j = 0; j < m; j++) {
            double[] x = new double[n];                                       // K e_j: column j of K₁ ⊗ K₂
            int j1 = j / b;
            int j2 = j % b;
            for (int i1 = 0; i1 < a; i1++) {
                for (int i2 = 0; i2 < b; i2++) {
                    x[i1 * b + i2] = k1[i1 * a + j1] * k2[i2 * b + j2];
                }
            }
            for (int p = 0; p < j; p++) {                                     // R_{j−1} ⋯ R₀ x
                double dot = 0;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[p][i] * x[i];
                    norm += v[p][i] * v[p][i];
                }
                for (int i = 0; i < n; i++) {
                    x[i] -= 2 * dot / norm * v[p][i];
                }
            }
            x[j] -= 1;
            double left = 0;
            for (int i = 0; i < n; i++) {
                left += x[i] * x[i];
            }
            if (left < 1e-12) {                                               // x was e_j: flip it instead (same span)
                x = new double[n];
                x[j] = 1;
            }
            v[j] = x;
            for (int i = 0; i < n; i++) {
                out[i * m + (m - 1 - j)] = x[i];
            }
        }
        return out;
    }

    /**
     * S⁻¹ for the reflectors V = E + T ({@code tails} T, n×m, zero on and above the diagonal; {@code eye} E, the
     * first m columns of I): S = striu(VᵀV) + diag(VᵀV)/2, differentiable. VᵀV is formed as I + EᵀT + TᵀE + TᵀT so
     * that small tails are not summed into the 1s of the diagonal in float32 (which lost 10⁻⁴ of orthonormality).
     */
    static NDArray sInverse(NDArray tails, NDArray eye) {
        int m = (int) tails.getShape().get(1);
        float[] pattern = new float[m * m];                                   // 1 above the diagonal, 1/2 on it
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                pattern[i * m + j] = i == j ? 0.5f : 1f;
            }
        }
        NDArray top = eye.transpose().matMul(tails);                          // EᵀT: the tails' first m rows
        NDArray gram = tails.getManager().eye(m).add(top).add(top.transpose()).add(tails.transpose().matMul(tails));
        return gram.mul(tails.getManager().create(pattern, new Shape(m, m))).inverse();
    }

    /** H₀ H₁ … H_{m−1} w = w − V S⁻¹ Vᵀ w, with V = E + T the reflectors ({@code tails} T), in the same split. */
    static NDArray reflect(NDArray tails, NDArray sInverse, NDArray w, NDArray eye) {
        NDArray y = sInverse.matMul(eye.transpose().matMul(w).add(tails.transpose().matMul(w)));
        return w.sub(eye.matMul(y)).sub(tails.matMul(y));
    }

    /**
     * S⁻¹ for the fixed reflectors {@code v} (n×m, row-major, unit diagonal above a tail), in double precision:
     * VᵀV sums n products per entry, and the base's long random tails made the float32 frame drift 3·10⁻⁴
     * from orthonormal at n = 12,544.
     */
    static float[] sInverse(double[] v, int n, int m) {
        double[][] s = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += v[r * m + i] * v[r * m + j];
                }
                s[i][j] = i == j ? dot / 2 : dot;
            }
        }
        double[] inverse = new double[m * m];                                 // upper triangular: back substitution
        for (int c = 0; c < m; c++) {
            for (int i = c; i >= 0; i--) {
                double sum = i == c ? 1 : 0;
                for (int j = i + 1; j <= c; j++) {
                    sum -= s[i][j] * inverse[j * m + c];
                }
                inverse[i * m + c] = sum / s[i][i];
            }
        }
        return Orthogonal.toFloats(inverse);
    }

    /** H₀ H₁ … H_{m−1} w = w − V S⁻¹ Vᵀ w, with H_j the reflection along column j of {@code v} (any length). */
    static NDArray reflect(NDArray v, NDArray sInverse, NDArray w) {
        return w.sub(v.matMul(sInverse.matMul(v.transpose().matMul(w))));
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(a);
    }

    @Override
    public double orthogonalityError() {
        try (NDScope scope = new NDScope()) {
            return Orthogonal.orthogonalityError(columns().toFloatArray(), n, m);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
