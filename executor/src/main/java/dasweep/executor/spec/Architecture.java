package dasweep.executor.spec;


import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ellipse CNN's shape (spec §4), in one place: {@link EllipseCnn} builds its blocks from it,
 * {@link Site} derives each site's (C,H,W) from it and
 * {@link dasweep.executor.weights.NetworkWeights} its expected tensors.
 *
 * <p>The network: the 1×28×28 image → conv1 → ReLU → max-pool → conv2 → ReLU → max-pool → conv3 →
 * ReLU → flatten → fc1 → ReLU → fc2 (the logit). Every conv is {@link #KERNEL}×{@link #KERNEL}
 * with padding {@link #PADDING} (size-preserving); every pool is {@link #POOL}×{@link #POOL} with
 * stride {@link #POOL}.
 */
public final class Architecture {
    private Architecture() {
    }

    /** Input channels (grey-scale images). */
    public static final int IN_CHANNELS = 1;
    /** Input height and width: the images are 28 × 28 (spec §1; the generator draws them at this side). */
    public static final int IMAGE = 28;
    /** Conv kernel height and width. */
    public static final int KERNEL = 3;
    /** Conv padding on each side: {@code KERNEL / 2} keeps the height and width. */
    public static final int PADDING = KERNEL / 2;
    /** Max-pool window and stride, between consecutive convs. */
    public static final int POOL = 2;
    /** Output channels of conv1, conv2, conv3. */
    private static final int[] CONV_CHANNELS = {16, 32, 64};
    /** Units of fc1 (the bottleneck). */
    public static final int FC1_UNITS = 3;
    /** Units of fc2: one logit. */
    public static final int FC2_UNITS = 1;

    /** The number of conv layers. */
    public static int convs() {
        return CONV_CHANNELS.length;
    }

    /** The block and state_dict name of conv layer {@code layer} (1-based): {@code conv1}, .... */
    public static String convName(int layer) {
        checkConv(layer);
        return "conv" + layer;
    }

    /** Output channels of conv layer {@code layer} (1-based). */
    public static int convChannels(int layer) {
        checkConv(layer);
        return CONV_CHANNELS[layer - 1];
    }

    /** Input channels of conv layer {@code layer} (1-based). */
    public static int convInChannels(int layer) {
        return layer == 1 ? IN_CHANNELS : convChannels(layer - 1);
    }

    /** Height (= width) of conv layer {@code layer}'s output (1-based): the image, pooled once per earlier conv. */
    public static int convSide(int layer) {
        checkConv(layer);
        int side = IMAGE;
        for (int l = 1; l < layer; l++) {
            side /= POOL;
        }
        return side;
    }

    /** Input features of fc1: the last conv's output, flattened. */
    public static int fc1InFeatures() {
        int side = convSide(convs());
        return convChannels(convs()) * side * side;
    }

    /**
     * Every parameter tensor's state_dict name and shape, in the state_dict's order: per layer its
     * weight then its bias; conv weights are (out, in, kh, kw), linear weights (out, in). A fresh,
     * unmodifiable map.
     */
    public static Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (int l = 1; l <= convs(); l++) {
            shapes.put(convName(l) + ".weight", new long[] {convChannels(l), convInChannels(l), KERNEL, KERNEL});
            shapes.put(convName(l) + ".bias", new long[] {convChannels(l)});
        }
        shapes.put("fc1.weight", new long[] {FC1_UNITS, fc1InFeatures()});
        shapes.put("fc1.bias", new long[] {FC1_UNITS});
        shapes.put("fc2.weight", new long[] {FC2_UNITS, FC1_UNITS});
        shapes.put("fc2.bias", new long[] {FC2_UNITS});
        return Collections.unmodifiableMap(shapes);
    }

    private static void checkConv(int layer) {
        if (layer < 1 || layer > CONV_CHANNELS.length) {
            throw new IllegalArgumentException("no conv layer " + layer + "; the convs are 1.." + CONV_CHANNELS.length);
        }
    }
}
