package dasweep.driver.spark;

import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.IntervalUtils;

/**
 * How sure one IIA is: the 95% Wilson score interval for a proportion (Commons Math's
 * {@code IntervalUtils.getWilsonScoreInterval}) of {@code hits} = round(iia · n) successes in n evaluation pairs.
 * Wilson rather than the normal approximation because IIAs sit near 1, where the normal interval leaves [0, 1] and
 * is too narrow; rather than Clopper–Pearson's exact interval because that one is conservative (wider than 95%).
 * The ends are clamped to [0, 1] and around the IIA (Wilson's are, mathematically; the clamp guards the last ulp:
 * with no hits the computed low end is 1e-17, not 0).
 */
public final class IiaInterval {
    public static final double LEVEL = 0.95;

    private IiaInterval() {
    }

    /** {low, high} for IIA {@code iia} over {@code n} pairs. */
    public static double[] of(double iia, int n) {
        if (n < 1 || !Double.isFinite(iia) || iia < 0 || iia > 1) {
            throw new IllegalArgumentException("an IIA in [0, 1] over n ≥ 1 pairs, not " + iia + " over " + n);
        }
        int hits = (int) Math.round(iia * n);
        ConfidenceInterval ci = IntervalUtils.getWilsonScoreInterval(n, hits, LEVEL);
        return new double[] {Math.min(iia, Math.max(0, ci.getLowerBound())), Math.max(iia, Math.min(1, ci.getUpperBound()))};
    }
}
