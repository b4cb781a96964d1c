package dasweep.driver.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.run.OutputLock.Holder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code <out>/_lock} itself, as {@link OutputLock} uses it: a {@link Holder} as JSON, created only when
 * absent and replaced whole. Each write goes to a temporary file beside the lock first, then is linked (local
 * files: a hard link, which fails when the lock exists) or renamed (HDFS: rename fails when the target exists)
 * into place, so a reader sees the old record or the new one, never a part.
 */
final class LockFile {
    /** Logs under {@link OutputLock}'s name: these are the output lock's messages. */
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final FileSystem fs;
    private final Path lock;

    LockFile(FileSystem fs, Path lock) {
        this.fs = fs;
        this.lock = lock;
    }

    FileSystem fs() {
        return fs;
    }

    Path path() {
        return lock;
    }

    /** Writes {@code me} as the lock if there is none; false (and nothing changed) when the lock exists. */
    boolean createExclusive(Holder me) throws IOException {
        Path tmp = writeTemp(me);
        try {
            java.nio.file.Path local = localPath(fs, lock);
            if (local != null) {
                try {
                    Files.createLink(local, localPath(fs, tmp));
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
            return fs.rename(tmp, lock);      // HDFS: false when the lock exists
        } finally {
            fs.delete(tmp, false);
        }
    }

    /** Overwrites the lock with {@code next} (local files: an atomic move; elsewhere delete, then rename). */
    void replace(Holder next) throws IOException {
        Path tmp = writeTemp(next);
        java.nio.file.Path local = localPath(fs, lock);
        if (local != null) {
            Files.move(localPath(fs, tmp), local, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        fs.delete(lock, false);
        if (!fs.rename(tmp, lock)) {
            fs.delete(tmp, false);
            throw new IOException("cannot rewrite " + lock);
        }
    }

    private Path writeTemp(Holder h) throws IOException {
        Path tmp = new Path(lock.getParent(), "." + OutputLock.NAME + ".tmp-" + UUID.randomUUID());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(h);
        java.nio.file.Path local = localPath(fs, tmp);
        if (local != null) {
            Files.write(local, bytes);     // no checksum side file: the lock is linked or moved by name
            return tmp;
        }
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(bytes);
        }
        return tmp;
    }

    /** The holder the lock names, or null when there is no lock or it cannot be read (logged). */
    Holder read() throws IOException {
        if (!fs.exists(lock)) {
            return null;
        }
        try (InputStream in = fs.open(lock)) {
            return JSON.readValue(in, Holder.class);
        } catch (java.io.FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("output lock {} is unreadable: {}", lock, e.toString());
            return null;
        }
    }

    /** The lock exists and was last modified more than {@code stale} before {@code now} (or vanished meanwhile). */
    boolean unreadableAndOld(Instant now, Duration stale) throws IOException {
        try {
            return fs.exists(lock)
                    && now.isAfter(Instant.ofEpochMilli(fs.getFileStatus(lock).getModificationTime()).plus(stale));
        } catch (java.io.FileNotFoundException e) {
            return true;
        }
    }

    void delete() throws IOException {
        fs.delete(lock, false);
    }

    /** The local file of {@code p} when the store is the local file system (for link and atomic move). */
    private static java.nio.file.Path localPath(FileSystem fs, Path p) {
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            return java.nio.file.Path.of(p.toUri().getPath());
        }
        return null;
    }
}
