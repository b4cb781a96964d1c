package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code rotated} intervention's full n×n orthogonal matrix, R = R0 · (I + A/2)(I − A/2)⁻¹: a
 * fixed random orthogonal R0 (torch's {@code orthogonal_} init, as pyvene) times the Cayley map of
 * a skew-symmetric A = L − Lᵀ, where L is the strict lower triangle of the parameter P. At P = 0,
 * R = R0; near it R ≈ R0·(I + A), the same first-order step as pyvene's R0·expm(A), so Adam's
 * learning rate means the same thing (torch's {@code orthogonal(orthogonal_map="cayley")}). The Cayley map is exact (orthogonal up to float rounding) and needs only
 * {@code inverse()}, which DJL differentiates; parametrising by a triangle keeps the gradient
 * from summing to exactly zero (a raw P − Pᵀ would).
 */
final class CayleyRotation implements Rotation {
    private final NDManager manager;
    private final int n;
    private final int columns;
    private final NDArray r0;
    private final NDArray lowerMask;
    private final NDArray identity;
    private final NDArray p;

    CayleyRotation(NDManager parent, int n, int columns, SplittableRandom random) {
        this.manager = parent.newSubManager();
        this.n = n;
        this.columns = columns;
        this.r0 = manager.create(Orthogonal.toFloats(Orthogonal.random(n, n, random)), new Shape(n, n));
        this.identity = manager.eye(n);
        this.lowerMask = manager.create(strictLowerMask(n), new Shape(n, n));
        this.p = manager.zeros(new Shape(n, n));
        p.setRequiresGradient(true);
    }

    private static float[] strictLowerMask(int n) {
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                mask[i * n + j] = 1;
            }
        }
        return mask;
    }

    /** A/2 = (L − Lᵀ)/2. */
    private NDArray halfSkew() {
        NDArray l = p.mul(lowerMask);
        return l.sub(l.transpose()).mul(0.5f);
    }

    /** The full n×n matrix R. */
    NDArray matrix() {
        NDArray half = halfSkew();
        return r0.matMul(identity.add(half).matMul(identity.sub(half).inverse()));
    }

    /**
     * The first {@code columns} columns of R. With M = I − A/2, Y = M⁻¹ and X = Y's first columns, autograd's
     * derivative of the whole inverse costs two n×n×n products per step, although only X is used. Here Y is computed
     * without gradient, and X enters the graph as X + Y·(A/2 − [A/2])·X, where [·] is a value without gradient: the
     * added term is exactly zero, so the value is X to the bit, and its derivative is Y·d(A/2)·X = dX, the inverse's
     * own derivative restricted to those columns, at n×n×c cost (issue 21: a seventh of the seed step's products).
     */
    @Override
    public NDArray columns() {
        NDArray half = halfSkew();
        NDArray fixed = half.stopGradient();
        NDArray inverse = identity.sub(fixed).inverse();
        NDArray first = inverse.get(new NDIndex(":, :{}", columns));
        NDArray inverseColumns = first.add(inverse.matMul(half.sub(fixed).matMul(first)));
        return r0.matMul(identity.add(half).matMul(inverseColumns));
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(p);
    }

    @Override
    public double orthogonalityError() {
        try (NDScope scope = new NDScope()) {
            return Orthogonal.orthogonalityError(matrix().toFloatArray(), n, n);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
