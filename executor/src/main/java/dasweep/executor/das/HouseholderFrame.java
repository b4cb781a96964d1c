package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code low_rank} intervention's n×m matrix with orthonormal columns, as torch (and so pyvene)
 * parametrises a non-square orthogonal weight: W = H₀ H₁ … H_{m−1} E_m, the product of m Householder
 * reflections H_j = I − 2 v_j v_jᵀ / (v_jᵀ v_j) applied to the first m columns of the identity, with
 * v_j = e_j + (column j of the parameter A below the diagonal). The parameter starts at the
 * reflectors of the Householder QR of a Gaussian matrix, so W starts as a random orthonormal frame,
 * and each v_j has norm about √2: an Adam step moves the frame by a fixed fraction whatever n is.
 * Exact by construction; a step costs O(n·m²), so it scales to flat sites of 12,544 features, where
 * an n×n matrix would not.
 */
final class HouseholderFrame implements Rotation {
    private final NDManager manager;
    private final int n;
    private final int m;
    private final NDArray mask;
    private final NDArray eye;
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
        this.a = manager.create(Orthogonal.toFloats(Orthogonal.householderReflectors(n, m, random)), new Shape(n, m));
        a.setRequiresGradient(true);
    }

    @Override
    public NDArray columns() {
        NDArray vs = eye.add(a.mul(mask));
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
