package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
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
 */
final class HouseholderFrame implements Rotation {
    private final NDManager manager;
    private final int n;
    private final int m;
    private final NDArray mask;
    private final NDArray eye;
    private final NDArray base;
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
        NDArray tails = manager.create(Orthogonal.toFloats(Orthogonal.householderReflectors(n, m, random)),
                new Shape(n, m));
        this.base = eye.add(tails);
        this.a = manager.zeros(new Shape(n, m));
        a.setRequiresGradient(true);
    }

    @Override
    public NDArray columns() {
        return reflect(base, reflect(eye.add(a.mul(mask)), eye));
    }

    /** H₀ H₁ … H_{m−1} w, with H_j the reflection along column j of {@code v}. */
    private NDArray reflect(NDArray v, NDArray w) {
        for (int j = m - 1; j >= 0; j--) {
            NDArray vj = v.get(new NDIndex(":, {}:{}", j, j + 1));            // (n,1)
            NDArray scale = vj.square().sum().mul(0.5f);                      // vᵀv / 2
            w = w.sub(vj.matMul(vj.transpose().matMul(w)).div(scale));        // (I − 2vvᵀ/vᵀv) w
        }
        return w;
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
