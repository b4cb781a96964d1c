package dasweep.driver.trial;

import dasweep.executor.spec.TrialSpec;

/**
 * One trial of a run's plan, as a Spark task receives it and as its row names it: the cell, the spec the engine runs,
 * the network it runs on (as the sweep names it and as the output store holds it) and, for a control, the DAS trial
 * it controls. The spec is carried here once; the outcome adds only what running it produced.
 *
 * @param trialId         the trial's id (spec and network sha256, {@link TrialIds#trialId})
 * @param cellIndex       the cell's position in the sweep's expansion
 * @param spec            the trial, exactly as the engine runs it
 * @param network         the sweep's name for the base network
 * @param networkSource   {@code trained}, {@code imported} or {@code untrained}
 * @param networkIndex    the network's index (its seed offset, or its position among the imported ones)
 * @param stored          the network as stored (key, sha256, test accuracy)
 * @param controlsTrialId for a control, the trial id of the DAS trial it controls; null for a DAS trial
 */
public record Trial(String trialId, int cellIndex, TrialSpec spec, String network, String networkSource,
                    int networkIndex, StoredNetwork stored, String controlsTrialId) {
}
