package dasweep.driver.trial;

import dasweep.executor.spec.TrialResult;

/**
 * What one stage-2 task returns (and stages): its result or its error, its provenance and its kept subspace.
 *
 * @param trialId    the trial's id
 * @param result     the engine's result; null when the trial failed
 * @param error      the exception chain with its first frames; null when the trial succeeded
 * @param provenance where and how it ran
 * @param subspaceUri    where the task stored the trial's learned subspace ({@code <out>/subspaces/<sha256>.safetensors});
 *                       null when it has none (vanilla, failed), when the sweep does not keep subspaces, and in
 *                       outcomes staged before subspaces were kept
 * @param subspaceSha256 the sha256 of that file's bytes; null exactly when {@code subspaceUri} is
 */
public record TrialOutcome(String trialId, TrialResult result, String error, Provenance provenance,
                           String subspaceUri, String subspaceSha256) {
    public TrialOutcome {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("an outcome has a result or an error, not both or neither");
        }
        if ((subspaceUri == null) != (subspaceSha256 == null)) {
            throw new IllegalArgumentException("a stored subspace has a uri and a sha256, or neither");
        }
    }

    /** An outcome without a stored subspace. */
    public TrialOutcome(String trialId, TrialResult result, String error, Provenance provenance) {
        this(trialId, result, error, provenance, null, null);
    }

    public boolean ok() {
        return result != null;
    }

    public String status() {
        return ok() ? "OK" : "FAILED";
    }
}
