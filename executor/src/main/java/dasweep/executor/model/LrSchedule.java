package dasweep.executor.model;

import dasweep.executor.SpecException;
import java.util.Locale;

/**
 * How Adam's learning rate moves over a base network's training (the sweep's {@code networks.trained.lr_schedule}).
 * At Adam 1e-3 from the first step, fc1 (three ReLU units) loses two of its units on most seeds within about 100
 * steps: a unit off for every image gets no gradient again, and the network ends with one (README, "Base networks
 * closer to the paper's"). {@code warmup} starts gently and, with it, {@link Restarts} also restarts a run that ends
 * its first epoch with fewer than {@link Restarts#WARMUP_FC1_UNITS} units alive.
 */
public enum LrSchedule {
    /** The recipe's rate at every step: the notebook's, and the default. */
    CONSTANT,
    /** A linear warmup over the first epoch: step s (0-based) of it runs at lr·(s+1)/steps, every later step at lr. */
    WARMUP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rate of step {@code step} (0-based, counted over all epochs) when an epoch has {@code stepsPerEpoch}. */
    public double rate(double lr, int step, int stepsPerEpoch) {
        return this == WARMUP && step < stepsPerEpoch ? lr * (step + 1) / stepsPerEpoch : lr;
    }

    public static LrSchedule parse(String field, String text) {
        for (LrSchedule s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new SpecException(field, "unknown learning-rate schedule, expected one of constant, warmup",
                "'" + text + "'");
    }
}
