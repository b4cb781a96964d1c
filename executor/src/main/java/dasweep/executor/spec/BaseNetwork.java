package dasweep.executor.spec;

import java.util.List;

/**
 * A trained or imported base network, as bytes the driver can ship without knowing tensors.
 *
 * @param safetensors  the weights in the safetensors format
 * @param sha256       hex sha256 of {@code safetensors}
 * @param testAccuracy task accuracy on fresh test images
 * @param epochLosses  mean training loss per epoch (empty when imported)
 * @param trainSeconds wall seconds of training (0 when imported)
 */
public record BaseNetwork(byte[] safetensors, String sha256, double testAccuracy, List<Double> epochLosses,
                          double trainSeconds) {
    public BaseNetwork {
        epochLosses = List.copyOf(epochLosses);
    }
}
