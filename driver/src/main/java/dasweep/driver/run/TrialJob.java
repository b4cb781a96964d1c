package dasweep.driver.run;

import dasweep.executor.spec.TrialSpec;

/**
 * What one stage-2 task receives: the trial and where its network is in the output store.
 *
 * @param trialId       the trial's id (its staging file's name)
 * @param spec          the trial, exactly as the engine runs it
 * @param networkKey    the network's key in the output store
 * @param networkSha256 the sha256 the network's bytes must have
 */
public record TrialJob(String trialId, TrialSpec spec, String networkKey, String networkSha256) {
}
