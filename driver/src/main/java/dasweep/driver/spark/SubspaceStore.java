package dasweep.driver.spark;

import dasweep.executor.spec.Hashes;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Learned subspaces in the output store ({@code <out>/subspaces/<sha256>.safetensors}), content-addressed and
 * write-once: a file is written under a temporary name and renamed ({@link NetworkStore#writeAtomically}), and a name
 * already present with the same length is left alone (its name is its content's hash). Through the Hadoop FileSystem
 * API, so tasks on other machines write to the same store.
 */
public final class SubspaceStore {
    /** The folder under the output directory. */
    public static final String FOLDER = "subspaces";

    private final Path dir;
    private final FileSystem fs;

    public SubspaceStore(String uri, Configuration conf) throws IOException {
        this.dir = new Path(uri);
        this.fs = dir.getFileSystem(conf);
    }

    /** A stored file: where it is and its sha256. */
    public record Stored(String uri, String sha256) {
    }

    /** Stores {@code bytes} (once) and returns where. */
    public Stored put(byte[] bytes) throws IOException {
        String sha = Hashes.sha256(bytes);
        Path target = new Path(dir, sha + ".safetensors");
        FileStatus present = fs.exists(target) ? fs.getFileStatus(target) : null;
        if (present == null || present.getLen() != bytes.length) {
            NetworkStore.writeAtomically(fs, target, bytes);
        }
        return new Stored(fs.makeQualified(target).toString(), sha);
    }

    /** The bytes at {@code uri}, checked against {@code sha256}. */
    public static byte[] read(String uri, String sha256, Configuration conf) throws IOException {
        Path path = new Path(uri);
        byte[] bytes;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            bytes = in.readAllBytes();
        }
        String found = Hashes.sha256(bytes);
        if (!found.equals(sha256)) {
            throw new IOException("subspace " + uri + " has sha256 " + found + ", expected " + sha256);
        }
        return bytes;
    }

    public String uri() {
        return dir.toString();
    }
}
