package dasweep.driver.run;

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
 * @param wallSeconds     the trial's share of its task's wall seconds, network loading included: the time since the
 *                        task's previous report (its start, for the first), split evenly among the trials reported
 *                        together; a trial alone in its task has the whole task's
 * @param packSize        trials in the task's pack (1: run alone; 0, from outcomes staged before packs, reads as 1)
 * @param packId          the pack's id ({@link PackJob#id()}); null for a pack of one
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
