package dasweep.driver.sweep;

import dasweep.executor.TrialMemory;
import dasweep.executor.spec.Limits;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialSpec;

/**
 * Refuses a sweep whose trials cannot fit where they will run, before anything runs: each trial's estimate
 * ({@link TrialMemory}: image pools on the heap, a batch's activations and the rotation natively) against the
 * memory of one executor — this JVM's heap in local mode, {@code spark.executor.memory} on a cluster.
 */
public final class MemoryCheck {
    private MemoryCheck() {
    }

    /** @throws SweepException naming the field that makes the largest trial too big */
    public static void check(Sweep sweep, Grid.Expansion grid, long budgetBytes) {
        TrialSpec worst = null;
        for (Grid.Cell cell : grid.cells()) {
            if (worst == null || TrialMemory.bytes(cell.spec()) > TrialMemory.bytes(worst)) {
                worst = cell.spec();
            }
        }
        if (worst != null) {
            try {
                TrialMemory.check(worst, budgetBytes, "an executor");
            } catch (SpecException e) {
                throw new SweepException(sweep.file(), e.field().equals("n_train") ? "data.n_train" : "grid.batch",
                        e.problem());
            }
        }
        Sweep.Trained trained = sweep.trained();
        if (trained != null) {
            long bytes = Limits.baseNetworkBytes(trained.images(), sweep.data().nTest());
            if (bytes > budgetBytes) {
                throw new SweepException(sweep.file(), "networks.trained.images", "training a base network needs "
                        + "about " + TrialMemory.human(bytes) + " of images (its training and test images), more than "
                        + "the " + TrialMemory.human(budgetBytes) + " an executor has (found " + trained.images() + ")");
            }
        }
    }

    /** Bytes of a Spark memory size such as {@code 8g}, {@code 512m}, {@code 1024k} or a plain number of MiB. */
    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = t.endsWith("t") ? 1L << 40 : t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20
                : t.endsWith("k") ? 1L << 10 : 1L << 20;
        String digits = t.replaceAll("[a-z]+$", "");
        return Long.parseLong(digits) * unit;
    }
}
