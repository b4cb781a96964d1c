package dasweep.executor.spec;


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
    WARMUP,
    /** The same warmup, then the rate falls from lr to 0 along half a cosine over the remaining steps. */
    WARMUP_COSINE;

    public String id() {
        return EnumNames.id(this);
    }

    /** Whether the first epoch warms the rate up (and {@link Restarts} checks fc1's units after it). */
    public boolean warmsUp() {
        return this != CONSTANT;
    }

    /**
     * The rate of step {@code step} (0-based, counted over all epochs) of a training run of {@code steps} steps whose
     * epochs have {@code stepsPerEpoch} each.
     */
    public double rate(double lr, int step, int stepsPerEpoch, int steps) {
        if (warmsUp() && step < stepsPerEpoch) {
            return lr * (step + 1) / stepsPerEpoch;
        }
        if (this == WARMUP_COSINE) {
            double progress = (double) (step - stepsPerEpoch) / Math.max(1, steps - stepsPerEpoch);
            return lr * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return lr;
    }

    public static LrSchedule parse(String field, String text) {
        return EnumNames.parse(values(), field, "learning-rate schedule", text);
    }
}
