package dasweep.executor.spec;


/**
 * An intervention site: a layer's output before its ReLU (spec §5), with its (C,H,W) shape, which
 * is derived from {@link Architecture}: CONV1 (16,28,28), CONV2 (32,14,14), CONV3 (64,7,7), FC1 (3,1,1).
 */
public enum Site {
    CONV1(1),
    CONV2(2),
    CONV3(3),
    FC1(0);

    private final int conv;
    private final int channels;
    private final int height;
    private final int width;

    /** {@code conv}: the conv layer (1-based), or 0 for fc1. */
    Site(int conv) {
        this.conv = conv;
        this.channels = conv == 0 ? Architecture.FC1_UNITS : Architecture.convChannels(conv);
        this.height = conv == 0 ? 1 : Architecture.convSide(conv);
        this.width = height;
    }

    /** The conv layer (1-based) whose output this is, or 0 at fc1. */
    public int conv() {
        return conv;
    }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    public boolean convolutional() {
        return conv != 0;
    }

    /** Number of activations per example. */
    public int size() {
        return channels * height * width;
    }

    public String id() {
        return EnumNames.id(this);
    }

    public static Site parse(String field, String text) {
        return EnumNames.parse(values(), field, "layer", text);
    }

    public static String names() {
        return EnumNames.ids(values());
    }
}
