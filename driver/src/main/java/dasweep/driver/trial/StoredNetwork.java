package dasweep.driver.trial;

import java.util.List;

/**
 * A base network in the output store: {@code <store>/<key>.safetensors} plus this, as {@code <key>.json}
 * (field names as the first version wrote them, so older stores are still read).
 *
 * @param key          the store key (the recipe's or the imported file's hash)
 * @param name         the sweep's name for it
 * @param source       {@code trained} or {@code imported}
 * @param sha256       sha256 of the safetensors bytes
 * @param testAccuracy task accuracy on fresh test images
 * @param epochLosses  mean training loss per epoch (empty when imported)
 * @param trainSeconds wall seconds of training (0 when imported)
 * @param host         where it was trained or imported
 * @param executorId   the Spark executor that trained it ({@code driver} when imported)
 * @param flatten      imported networks: the layout their file's {@code fc1} was read in ({@code channels_first}
 *                     or {@code channels_last}; the stored weights are always channels first); null for trained
 *                     networks and in stores written before the layout existed (which were channels first)
 */
public record StoredNetwork(String key, String name, String source, String sha256, double testAccuracy,
                            List<Double> epochLosses, double trainSeconds, String host, String executorId,
                            String flatten) {
    public StoredNetwork {
        epochLosses = epochLosses == null ? List.of() : List.copyOf(epochLosses);
    }

    /** A stored network without a flatten layout (trained). */
    public StoredNetwork(String key, String name, String source, String sha256, double testAccuracy,
                         List<Double> epochLosses, double trainSeconds, String host, String executorId) {
        this(key, name, source, sha256, testAccuracy, epochLosses, trainSeconds, host, executorId, null);
    }
}
