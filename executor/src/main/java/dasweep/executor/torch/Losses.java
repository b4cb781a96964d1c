package dasweep.executor.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Binary cross-entropy. */
public final class Losses {
    private Losses() {
    }

    /**
     * Mean BCE between sigmoid(logit) and labels, computed from the logit in the stable form
     * max(z,0) − z·y + log(1 + e^−|z|) (the same value as BCE on the probability, without log(0)).
     */
    public static NDArray bceWithLogits(NDArray logit, NDArray labels) {
        NDArray z = logit.reshape(-1);
        return Activation.relu(z).sub(z.mul(labels)).add(z.abs().neg().exp().add(1f).log()).mean();
    }
}
