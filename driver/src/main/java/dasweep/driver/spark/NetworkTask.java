package dasweep.driver.spark;

import java.io.Serializable;

/** What one stage-1 task needs to train a base network and put it in the store. */
public final class NetworkTask implements Serializable {
    private static final long serialVersionUID = 1L;

    public String key;
    public String name;
    public String objective;
    public double[] coefficients;
    public double threshold;
    public int images;
    public int epochs;
    public double lr;
    public int batch;
    public int nTest;
    public long seed;
    public String storeUri;
    public int threads;
}
