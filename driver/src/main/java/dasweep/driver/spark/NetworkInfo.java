package dasweep.driver.spark;

import java.io.Serializable;

/** A base network in the output store: {@code <store>/<key>.safetensors} plus this, as {@code <key>.json}. */
public final class NetworkInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    public String key;
    public String name;
    public String source;
    public String sha256;
    public double testAccuracy;
    public double[] epochLosses;
    public double trainSeconds;
    public String host;
    public String executorId;
}
