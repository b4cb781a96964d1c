package dasweep.driver.trial;

/**
 * Where and how a trial ran, recorded by the task that ran it.
 *
 * @param host            the executor's host name
 * @param executorId      Spark's executor id ({@code driver} in local mode)
 * @param device          the engine's device ({@code cpu()}, {@code gpu(0)}); the assigned GPU or null when it failed
 * @param threads         intra-op threads
 * @param codeVersion     dasweep's version and commit, as stamped into the executor's jar
 * @param djlVersion      DJL on the executor
 * @param pytorchVersion  PyTorch on the executor
 * @param startedAtMillis when the task started (epoch milliseconds)
 * @param wallSeconds     wall seconds of the trial, network loading included. Alone: the whole task's. In a pack: its
 *                        share, the pack's network reading and setup (pools, cache) ÷ its size plus its own
 *                        {@code train_seconds} and {@code eval_seconds} (themselves even shares of the batched epochs and
 *                        evaluations), so a pack's rows sum to its task's wall time; when the whole pack fails, the
 *                        task's time split evenly among the trials it had not yet reported
 * @param packSize        trials in the task's pack (1: run alone; 0, from outcomes staged before packs, reads as 1)
 * @param packId          the pack's id ({@link Pack#id()}); null for a pack of one
 */
public record Provenance(String host, String executorId, String device, int threads, String codeVersion,
                         String djlVersion, String pytorchVersion, long startedAtMillis, double wallSeconds,
                         int packSize, String packId) {
    @com.fasterxml.jackson.annotation.JsonCreator
    public Provenance {
        packSize = Math.max(1, packSize);
    }

    /** A trial that ran alone. */
    public Provenance(String host, String executorId, String device, int threads, String codeVersion,
                      String djlVersion, String pytorchVersion, long startedAtMillis, double wallSeconds) {
        this(host, executorId, device, threads, codeVersion, djlVersion, pytorchVersion, startedAtMillis, wallSeconds,
                1, null);
    }
}
