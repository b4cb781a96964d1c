package dasweep.driver.spark;

import java.io.Serializable;

/**
 * One row of the results table while it travels (task → driver, staging JSON). A small final class with
 * public fields rather than a record: Spark's Kryo predates records. Field meanings: {@link ResultsSchema}.
 */
public final class TrialRow implements Serializable {
    private static final long serialVersionUID = 1L;

    public String trialId;
    public String runId;
    public String sweep;
    public String runDate;
    public int cellIndex;
    public String objective;
    public double[] objectiveCoefficients;
    public double objectiveThreshold;
    public String network;
    public String networkSource;
    public int networkIndex;
    public String networkSha256;
    public double networkTestAccuracy;
    public String[] variables;
    public String variableSet;
    public String layer;
    public String view;
    public String intervention;
    public int k;
    public boolean multiSource;
    public double lr;
    public int epochs;
    public int batchSize;
    public long seed;
    public long dataSeed;
    public int nTrain;
    public int nEval;
    public Double iia;
    public Double trivialIia;
    public Double baseAccuracy;
    public Double finalLoss;
    public double[] epochLosses;
    public Double orthogonalityError;
    public double[] epochSeconds;
    public Double trainSeconds;
    public Double evalSeconds;
    public double wallSeconds;
    public String device;
    public int threads;
    public String host;
    public String executorId;
    public String status;
    public String error;
    public String specJson;
    public String codeVersion;
    public String sparkVersion;
    public String djlVersion;
    public String pytorchVersion;
    public long startedAtMillis;

    public TrialRow copy() {
        TrialRow r = new TrialRow();
        for (java.lang.reflect.Field f : TrialRow.class.getFields()) {
            try {
                f.set(r, f.get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return r;
    }
}
