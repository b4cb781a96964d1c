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
 * @param wallSeconds     wall seconds of the whole task, network loading included
 */
public record Provenance(String host, String executorId, String device, int threads, String codeVersion,
                         String djlVersion, String pytorchVersion, long startedAtMillis, double wallSeconds) {
}
