package dasweep.driver.run;

import dasweep.driver.sweep.CostModel;
import java.util.Locale;

/**
 * A run's ETA from the cost model: the estimate {@code --dry-run} prints ({@link CostModel#of}), as wall seconds on
 * the cores the run has (task slots × threads per task), spread evenly over the sweep's trials and its trained
 * networks. Until the run has computed a trial the ETA is the model's remaining work alone; from then on it is scaled
 * by the measured pace: wall seconds elapsed ÷ the model's seconds for the work this run has done (trials computed,
 * networks trained). The basis is shown beside the ETA.
 *
 * @param trialSeconds   model wall seconds per trial
 * @param networkSeconds model wall seconds per network (the trained ones' cost over all of the sweep's networks)
 */
public record ProgressEstimate(double trialSeconds, double networkSeconds) {
    public ProgressEstimate {
        if (!(trialSeconds >= 0) || !(networkSeconds >= 0) || Double.isInfinite(trialSeconds + networkSeconds)) {
            throw new IllegalArgumentException("model seconds must be finite and not negative: " + trialSeconds
                    + ", " + networkSeconds);
        }
    }

    /** An ETA in seconds and what it rests on. */
    public record Eta(double seconds, String basis) {
    }

    /** The sweep's estimate on {@code cores} cores, over {@code networks} networks. */
    public static ProgressEstimate of(CostModel.Estimate estimate, int networks, int cores) {
        int c = Math.max(1, cores);
        return new ProgressEstimate(estimate.count() == 0 ? 0 : estimate.trials() / estimate.count() / c,
                networks == 0 ? 0 : estimate.networks() / networks / c);
    }

    /** The ETA at {@code counts}, {@code elapsed} wall seconds into the run. */
    public Eta eta(TrialCount.Counts counts, double elapsed) {
        double remaining = (counts.trials() - counts.done()) * trialSeconds
                + (counts.networks() - counts.networksDone()) * networkSeconds;
        double modelled = counts.computed() * trialSeconds + counts.built() * networkSeconds;
        if (counts.computed() == 0 || modelled <= 0 || elapsed <= 0) {
            return new Eta(remaining, "cost model");
        }
        double pace = elapsed / modelled;
        return new Eta(remaining * pace, String.format(Locale.ROOT, "cost model × measured pace %.2f", pace));
    }

    /** {@code 1h02m}, {@code 3m05s}, {@code 42s}: the progress line's ETA and the dry run's wall time. */
    public static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
