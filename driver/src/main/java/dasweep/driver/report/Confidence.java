package dasweep.driver.report;

import org.apache.commons.math3.distribution.TDistribution;

/** 95% confidence intervals of a mean across base networks: mean ± t(0.975, n−1) · sd / √n. */
public final class Confidence {
    private Confidence() {
    }

    /** t(0.975, n−1); NaN when n &lt; 2 (no interval from one network). */
    public static double t975(long n) {
        return n < 2 ? Double.NaN : new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
    }

    /** The half-width of the 95% interval; NaN when n &lt; 2 or sd is unknown. */
    public static double halfWidth(long n, Double sd) {
        return sd == null || n < 2 ? Double.NaN : t975(n) * sd / Math.sqrt(n);
    }
}
