package dasweep.executor.model;

import dasweep.executor.SpecException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An intervention site: a layer's output before its ReLU (spec §5), with its (C,H,W) shape. */
public enum Site {
    CONV1(16, 28, 28),
    CONV2(32, 14, 14),
    CONV3(64, 7, 7),
    FC1(3, 1, 1);

    private final int channels;
    private final int height;
    private final int width;

    Site(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int channels() { return channels; }
    public int height() { return height; }
    public int width() { return width; }

    public boolean convolutional() {
        return this != FC1;
    }

    /** Number of activations per example. */
    public int size() {
        return channels * height * width;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Site parse(String field, String text) {
        for (Site s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new SpecException(field, "unknown layer, expected one of " + names(), "'" + text + "'");
    }

    public static String names() {
        return Arrays.stream(values()).map(Site::id).collect(Collectors.joining(", "));
    }
}
