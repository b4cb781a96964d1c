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
 * directory by the loader) or a Hadoop URI
 * ({@code file:}, {@code hdfs://}, {@code s3a://}), read through the Hadoop FileSystem API.
 */
public final class WeightsFiles {
    private WeightsFiles() {
    }

    static boolean isUri(String path) {
        return path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !path.matches("^[A-Za-z]:\\\\.*");
    }

    /** Null when {@code path} names a readable, non-empty file; otherwise why not. */
    public static String unreadable(String path) {
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
            try {
                return Files.size(p) == 0 ? "the file is empty" : null;
            } catch (IOException e) {
                return e.toString();
            }
        }
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(path));
            FileSystem fs = p.getFileSystem(new Configuration());
            if (!fs.exists(p)) {
                return "no such file";
            }
            FileStatus st = fs.getFileStatus(p);
            if (!st.isFile()) {
                return "not a regular file";
            }
            return st.getLen() == 0 ? "the file is empty" : null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Reads the whole file. */
    public static byte[] read(String path, Configuration conf) throws IOException {
        if (!isUri(path)) {
            return Files.readAllBytes(Path.of(path));
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(URI.create(path));
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return in.readAllBytes();
        }
    }
}
