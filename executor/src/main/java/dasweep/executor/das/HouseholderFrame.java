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
 * {@code orthogonal_} init); it is never formed: it is the product of the m Householder reflections
 * of the QR of a Gaussian n×m matrix, applied the same way. Exact by construction; a step costs
 * O(n·m²), so it scales to flat sites of 12,544 features, where an n×n matrix would not.
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
        this.a = manager.zeros(new Shape(n, m));
        a.setRequiresGradient(true);
    }

    @Override
    public NDArray columns() {
        NDArray tails = a.mul(mask);
        return reflect(baseTails, baseSInverse, reflect(tails, sInverse(tails, eye), eye, eye), eye);
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

    /** H₀ H₁ … H_{m−1} w = w − V S⁻¹ Vᵀ w, with H_j the reflection along column j of {@code v}. */
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
