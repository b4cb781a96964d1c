package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code rotated} intervention's full n×n orthogonal matrix, R = R0 · (I − A)(I + A)⁻¹: a fixed
 * random orthogonal R0 (torch's {@code orthogonal_} init, as pyvene) times the Cayley map of a
 * skew-symmetric A = L − Lᵀ, where L is the strict lower triangle of the parameter P. At P = 0,
 * R = R0. The Cayley map is exact (orthogonal up to float rounding) and needs only
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

    /** The full n×n matrix R. */
    NDArray matrix() {
        NDArray l = p.mul(lowerMask);
        NDArray a = l.sub(l.transpose());
        return r0.matmul(identity.sub(a).matmul(identity.add(a).inverse()));
    }

    @Override
    public NDArray columns() {
        NDArray l = p.mul(lowerMask);
        NDArray a = l.sub(l.transpose());
        NDArray inverseColumns = identity.add(a).inverse().get(new NDIndex(":, :{}", columns));
        return r0.matmul(identity.sub(a).matmul(inverseColumns));
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
