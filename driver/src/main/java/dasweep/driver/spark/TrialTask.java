package dasweep.driver.spark;

import java.io.Serializable;

/** What one stage-2 task needs: the row's inputs, the spec as JSON, where the network bytes are. */
public final class TrialTask implements Serializable {
    private static final long serialVersionUID = 1L;

    public TrialRow row;
    public String specJson;
    public String storeUri;
    public String networkKey;
    public String stagingUri;
    public int threads;
    public boolean injectFailure;
}
