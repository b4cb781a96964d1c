package dasweep.executor.spec;


/**
 * How a trained base network's weights start (the sweep's {@code networks.trained.init}). The init decides more
 * than speed: it shapes how fc1's three units share the images, and DAS at fc1 (k = 1 of 3) feels that (README,
 * "fc1 and the base networks' init").
 */
public enum Init {
    /**
     * PyTorch's default for {@code Conv2d} and {@code Linear}: weights and biases uniform in ±1/√fan_in. The
     * notebook's networks, and the default.
     */
    PYTORCH,
    /**
     * Keras's default for {@code Conv2D} and {@code Dense}, as the paper's networks were trained: weights Glorot
     * uniform, ±√(6/(fan_in + fan_out)), biases 0.
     */
    KERAS;

    /** The bound of a weight tensor's uniform draw; fan-in and fan-out count a kernel's positions. */
    public double weightBound(long fanIn, long fanOut) {
        return this == KERAS ? Math.sqrt(6.0 / (fanIn + fanOut)) : 1 / Math.sqrt(fanIn);
    }

    /** The bound of a bias's uniform draw (0: all zeros). */
    public double biasBound(long fanIn) {
        return this == KERAS ? 0 : 1 / Math.sqrt(fanIn);
    }

    public String id() {
        return EnumNames.id(this);
    }

    public static Init parse(String field, String text) {
        return EnumNames.parse(values(), field, "initialisation", text);
    }
}
