package dasweep.driver.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Weights files named by a sweep: a local path (relative paths are resolved against the sweep file's
 * directory by the loader) or a Hadoop URI ({@code file:}, {@code hdfs://}, {@code s3a://}), read through the
 * Hadoop FileSystem API with the run's configuration. Only regular files up to {@link #MAX_BYTES} are read: no
 * FIFOs or devices, nothing endless.
 */
public final class WeightsFiles {
    /** The largest weights file read (the ellipse CNN is 131 KB as safetensors; a paper network under 1 MB). */
    public static final long MAX_BYTES = 64L << 20;

    private WeightsFiles() {
    }

    static boolean isUri(String path) {
        return path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !path.matches("^[A-Za-z]:\\\\.*");
    }

    /** Null when {@code path} names a readable regular file of 1 to {@link #MAX_BYTES} bytes; otherwise why not. */
    public static String unreadable(String path, Configuration conf) {
        try {
            long size;
            if (!isUri(path)) {
                Path p = Path.of(path);
                if (!Files.exists(p)) {
                    return "no such file";
                }
                if (!Files.isRegularFile(p)) {
                    return "not a regular file";
                }
                if (!Files.isReadable(p)) {
                    return "permission denied";
                }
                size = Files.size(p);
            } else {
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(path));
                FileSystem fs = p.getFileSystem(conf);
                if (!fs.exists(p)) {
                    return "no such file";
                }
                FileStatus st = fs.getFileStatus(p);
                if (!st.isFile()) {
                    return "not a regular file";
                }
                size = st.getLen();
            }
            return size == 0 ? "the file is empty"
                    : size > MAX_BYTES ? "the file has " + size + " bytes, more than the " + MAX_BYTES + " read" : null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Reads the whole file, which {@link #unreadable} has accepted; never more than {@link #MAX_BYTES}. */
    public static byte[] read(String path, Configuration conf) throws IOException {
        String why = unreadable(path, conf);
        if (why != null) {
            throw new IOException(why);
        }
        try (InputStream in = isUri(path) ? open(path, conf) : Files.newInputStream(Path.of(path))) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("the file grew beyond " + MAX_BYTES + " bytes while it was read");
            }
            return bytes;
        }
    }

    private static InputStream open(String path, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(path));
        return p.getFileSystem(conf).open(p);
    }
}
