package dasweep.driver.trial;

import dasweep.executor.spec.TrialResult;

/**
 * What one stage-2 task returns (and stages): the spec it ran, its result or its error, and its provenance.
 *
 * @param trialId    the trial's id
 * @param result     the engine's result; null when the trial failed
 * @param error      the exception chain with its first frames; null when the trial succeeded
 * @param provenance where and how it ran
 */
public record TrialOutcome(String trialId, TrialResult result, String error, Provenance provenance) {
    public TrialOutcome {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("an outcome has a result or an error, not both or neither");
        }
    }

    public boolean ok() {
        return result != null;
    }

    public String status() {
        return ok() ? "OK" : "FAILED";
    }
}
