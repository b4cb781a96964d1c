package dasweep.driver.spark;

import dasweep.driver.trial.StoredNetwork;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.executor.spec.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;

/**
 * Base networks in the output store ({@code <out>/networks}), through the Hadoop FileSystem API so
 * executors on other machines read the same bytes (local paths, {@code hdfs://}, {@code s3a://}).
 * Files are written under a temporary name and renamed; the JSON is written last, so a network is
 * present exactly when its JSON is.
 */
public final class NetworkStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Networks kept per executor JVM, by sha256: the most recently read. */
    public static final int CACHED = 4;
    private static final Map<String, byte[]> CACHE = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CACHED;
                }
            });

    private final Path dir;
    private final FileSystem fs;

    public NetworkStore(String uri, Configuration conf) throws IOException {
        this.dir = new Path(uri);
        this.fs = dir.getFileSystem(conf);
    }

    public StoredNetwork lookup(String key) throws IOException {
        Path json = new Path(dir, key + ".json");
        if (!fs.exists(json)) {
            return null;
        }
        try (InputStream in = fs.open(json)) {
            return JSON.readValue(in, StoredNetwork.class);
        }
    }

    public void put(StoredNetwork info, byte[] safetensors) throws IOException {
        writeAtomically(new Path(dir, info.key() + ".safetensors"), safetensors);
        writeAtomically(new Path(dir, info.key() + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
    }

    /**
     * The network's bytes, checked against the sha256 recorded in stage 1. Read once per executor JVM: the last
     * {@link #CACHED} networks read are kept by sha256 (about 130 kB each), so the many tasks an executor runs on one
     * network do not read the store again.
     */
    public byte[] read(String key, String sha256) throws IOException {
        byte[] cached = CACHE.get(sha256);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try (InputStream in = fs.open(new Path(dir, key + ".safetensors"))) {
            bytes = in.readAllBytes();
        } catch (ChecksumException e) {     // damaged bytes: the network is not there, the store's I/O works
            throw new ChangedException("network " + key + " in the store fails its checksum (ChecksumException: "
                    + e.getMessage() + ")");
        }
        String found = Hashes.sha256(bytes);
        if (!found.equals(sha256)) {
            throw new ChangedException("network " + key + " in the store has sha256 " + found + ", expected " + sha256);
        }
        CACHE.put(sha256, bytes);
        return bytes;
    }

    /**
     * A network whose bytes in the store are not the ones recorded (another sha256, or damage Hadoop's checksum
     * catches): not a failure of the store's I/O, so its trials fail (retrying the task cannot help).
     */
    public static final class ChangedException extends IOException {
        private static final long serialVersionUID = 1L;

        ChangedException(String message) {
            super(message);
        }
    }

    /** Networks in this JVM's cache now. */
    public static int cached() {
        return CACHE.size();
    }

    public String uri() {
        return dir.toString();
    }

    public Path path(String key) {
        return new Path(dir, key + ".safetensors");
    }

    public static void writeAtomically(FileSystem fs, Path target, byte[] bytes) throws IOException {
        fs.mkdirs(target.getParent());
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        writeAtomically(fs, target, bytes);
    }
}
