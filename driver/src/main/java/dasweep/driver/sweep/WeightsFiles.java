package dasweep.driver.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dasweep.executor.weights.WeightsFile;
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
    /** The largest weights file read: the engine's bound ({@link WeightsFile#MAX_BYTES}). */
    public static final long MAX_BYTES = WeightsFile.MAX_BYTES;

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
                return WeightsFile.unreadable(Path.of(path));
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
            return WeightsFile.tooBig(size);
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
            return WeightsFile.readBounded(in, path);
        } catch (dasweep.executor.weights.WeightsException e) {
            throw new IOException(e.getMessage().substring(path.length() + 2), e);
        }
    }

    private static InputStream open(String path, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(path));
        return p.getFileSystem(conf).open(p);
    }
}
