package dasweep.executor.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one bounded reader of a local weights file, for {@code dasweep trial --weights} and a sweep's imported networks
 * (the driver's {@code WeightsFiles} adds Hadoop URIs on top of it): only a readable regular file of 1 to
 * {@link #MAX_BYTES} bytes is read, never more than that; no FIFOs, devices or sparse giants.
 */
public final class WeightsFile {
    /** The largest weights file read (the ellipse CNN is 131 KB as safetensors; a paper network under 1 MB). */
    public static final long MAX_BYTES = 64L << 20;

    private WeightsFile() {
    }

    /** Null when {@code path} is a readable regular file of 1 to {@link #MAX_BYTES} bytes; otherwise why not. */
    public static String unreadable(Path path) {
        try {
            if (!Files.exists(path)) {
                return "no such file";
            }
            if (!Files.isRegularFile(path)) {
                return "not a regular file";
            }
            if (!Files.isReadable(path)) {
                return "permission denied";
            }
            return tooBig(Files.size(path));
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Null for a size of 1 to {@link #MAX_BYTES} bytes; otherwise why it is refused. */
    public static String tooBig(long size) {
        return size == 0 ? "the file is empty"
                : size > MAX_BYTES ? "the file has " + size + " bytes, more than the " + MAX_BYTES + " read" : null;
    }

    /** The file's bytes; {@link WeightsException} naming the file when {@link #unreadable} refuses it. */
    public static byte[] read(Path path) {
        String why = unreadable(path);
        if (why != null) {
            throw new WeightsException(path.toString(), why);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readBounded(in, path.toString());
        } catch (IOException e) {
            throw new WeightsException(path.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** At most {@link #MAX_BYTES} bytes of {@code in}; {@link WeightsException} when there are more. */
    public static byte[] readBounded(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new WeightsException(source, "the file grew beyond " + MAX_BYTES + " bytes while it was read");
        }
        return bytes;
    }
}
