package dasweep.executor.spec;

import java.util.List;

/**
 * A trial that cannot give a meaningful result: it would not fit, its training diverged, or its network's outputs
 * are not finite. The message says which and where; the driver records it as a FAILED row.
 */
public final class TrialFailure extends RuntimeException {
    public TrialFailure(String message) {
        super(message);
    }

    /** {@code r}, or a failure naming the first epoch whose loss, or the quantity, that is not finite. */
    public static TrialResult checkFinite(TrialResult r) {
        List<Double> losses = r.epochLosses();
        for (int e = 0; e < losses.size(); e++) {
            if (!Double.isFinite(losses.get(e))) {
                throw new TrialFailure("training diverged: the loss is " + losses.get(e) + " at epoch " + (e + 1)
                        + " of " + losses.size());
            }
        }
        if (!Double.isFinite(r.orthogonalityError())) {
            throw new TrialFailure("training diverged: the rotation is not finite (orthogonality error "
                    + r.orthogonalityError() + ")");
        }
        if (!Double.isFinite(r.iia()) || !Double.isFinite(r.trivialIia()) || !Double.isFinite(r.baseAccuracy())) {
            throw new TrialFailure("the scores are not finite: " + r);
        }
        return r;
    }
}
