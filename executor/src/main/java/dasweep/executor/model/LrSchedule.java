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
