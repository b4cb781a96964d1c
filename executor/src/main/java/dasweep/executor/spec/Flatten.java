package dasweep.executor.spec;


/**
 * The order in which a weights file's {@code fc1} reads the last conv's (C,H,W) output. The CNN itself
 * always flattens channels first (PyTorch's NCHW, spec §4); a network whose {@code fc1} was trained on
 * channels-last input (Keras's NHWC flatten, as the paper's converted networks) has its {@code fc1}
 * columns permuted once, on import ({@link dasweep.executor.weights.NetworkWeights#toChannelsFirst}), so
 * the engine's sites and views do not depend on it.
 */
public enum Flatten {
    /** PyTorch's order: index {@code channel·H·W + row·W + column}. */
    CHANNELS_FIRST,
    /** Keras's order: index {@code row·W·C + column·C + channel}. */
    CHANNELS_LAST;

    public String id() {
        return EnumNames.id(this);
    }

    /** fc1's input index of the last conv's output at (channel, row, column) in this order. */
    public int index(int channel, int row, int column) {
        int channels = Architecture.convChannels(Architecture.convs());
        int side = Architecture.convSide(Architecture.convs());
        return this == CHANNELS_FIRST ? (channel * side + row) * side + column : (row * side + column) * channels + channel;
    }

    public static Flatten parse(String field, String text) {
        return EnumNames.parse(values(), field, "flatten layout", text);
    }
}
