package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code low_rank} intervention's n×m matrix with orthonormal columns, as a product of m
 * Householder reflections applied to the first m columns of the identity:
 * W = H₀ H₁ … H_{m−1} E_m with H_j = I − 2 v_j v_jᵀ / (v_jᵀ v_j), where v_j is column j of the
 * parameter V with its entries above row j masked to zero (the parametrisation torch and pyvene use
 * for non-square orthogonal weights). Exact by construction; a step costs O(n·m²), so it scales to
 * flat sites of 12,544 features, where an n×n matrix would not.
 */
final class HouseholderFrame implements Rotation {
    private final NDManager manager;
    private final int n;
    private final int m;
    private final NDArray mask;
    private final NDArray eye;
    private final NDArray v;

    HouseholderFrame(NDManager parent, int n, int m, SplittableRandom random) {
        this.manager = parent.newSubManager();
        this.n = n;
        this.m = m;
        float[] mask = new float[n * m];
        float[] init = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m && j <= i; j++) {
                mask[i * m + j] = 1;
                init[i * m + j] = (float) Orthogonal.gaussian(random);
            }
        }
        this.mask = manager.create(mask, new Shape(n, m));
        this.eye = manager.eye(n, m, 0);
        this.v = manager.create(init, new Shape(n, m));
        v.setRequiresGradient(true);
    }

    @Override
    public NDArray columns() {
        NDArray vs = v.mul(mask);
        NDArray w = eye;
        for (int j = m - 1; j >= 0; j--) {
            NDArray vj = vs.get(new NDIndex(":, {}:{}", j, j + 1));           // (n,1)
            NDArray scale = vj.square().sum().mul(0.5f);                      // vᵀv / 2
            w = w.sub(vj.matMul(vj.transpose().matMul(w)).div(scale));        // (I − 2vvᵀ/vᵀv) W
        }
        return w;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(v);
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
