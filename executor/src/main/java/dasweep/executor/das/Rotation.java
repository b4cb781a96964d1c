package dasweep.executor.das;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A learned orthogonal map over a site's n features, seen through the columns the interchange
 * uses: {@link #columns()} is the n×(sources·k) matrix R_S whose column blocks S_i = [i·k, (i+1)·k)
 * belong to source i. Orthogonality holds by construction, not by penalty.
 */
public interface Rotation extends AutoCloseable {
    /** R_S, recomputed from the parameters (call inside the step's scope; it carries the graph). */
    NDArray columns();

    /** The trained parameters (what Adam updates). */
    List<NDArray> parameters();

    /** max|RᵀR − I| over the learned matrix, computed in double on the JVM. */
    double orthogonalityError();

    @Override
    void close();
}
