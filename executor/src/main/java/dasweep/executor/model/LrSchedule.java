package dasweep.executor.model;

import dasweep.executor.SpecException;
import java.util.Locale;

/**
 * How Adam's learning rate moves over a base network's training (the sweep's {@code networks.trained.lr_schedule}).
 * {@code warmup} keeps fc1's units alive: fc1 has three ReLU units, and at full rate from the first step Adam
 * switches two of them off for every image within about 100 steps on most seeds (README, "Base networks closer to
 * the paper's"); a unit off for every image gets no gradient again, so the network ends with one unit.
 */
public enum LrSchedule {
    /** The recipe's rate at every step: the notebook's, and the default. */
    CONSTANT,
    /** A linear warmup over the first epoch: step s (0-based) of it runs at lr·(s+1)/steps, every later step at lr. */
    WARMUP,
    /**
     * The same warmup, then a cosine decay from lr towards 0 over the remaining steps: step s after the first epoch's
     * {@code e} runs at lr·(1 + cos(π·(s − e)/(n − e)))/2 of {@code n} steps in all.
     */
    WARMUP_COSINE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The rate of step {@code step} (0-based, counted over all epochs) of {@code steps} in all, when an epoch has
     * {@code stepsPerEpoch}.
     */
    public double rate(double lr, int step, int stepsPerEpoch, int steps) {
        if (this == CONSTANT) {
            return lr;
        }
        if (step < stepsPerEpoch) {
            return lr * (step + 1) / stepsPerEpoch;
        }
        return this == WARMUP ? lr : lr * (1 + Math.cos(Math.PI * (step - stepsPerEpoch) / (steps - stepsPerEpoch))) / 2;
    }

    public static LrSchedule parse(String field, String text) {
        for (LrSchedule s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new SpecException(field, "unknown learning-rate schedule, expected one of constant, warmup, warmup_cosine",
                "'" + text + "'");
    }
}
