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
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code <out>/_lock} itself, as {@link OutputLock} uses it: a {@link Holder} as JSON, created only when
 * absent and replaced whole. How "only when absent" is made atomic depends on the store:
 * <ul>
 *   <li>local files: written to a temporary file beside the lock, then hard-linked into place (the link fails when
 *       the lock exists);</li>
 *   <li>HDFS: the same temporary file, renamed into place (the NameNode's rename fails when the target exists);</li>
 *   <li>object stores (s3a): one PUT with {@code If-None-Match: *} (Hadoop's
 *       {@code fs.option.create.conditional.overwrite}), which the store refuses (412) when the lock exists. A store
 *       that does not offer it, or that ignores the header (checked once per run with a probe object), is refused:
 *       {@link #checkExclusive()}.</li>
 * </ul>
 * A reader sees the old record or the new one, never a part.
 */
final class LockFile {
    /** Logs under {@link OutputLock}'s name: these are the output lock's messages. */
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    /** Hadoop's create option for a PUT with {@code If-None-Match: *} (S3A 3.4.2+). */
    static final String CONDITIONAL = "fs.option.create.conditional.overwrite";
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

    /** How this store makes "create only when absent" atomic. */
    enum Mode { LINK, RENAME, CONDITIONAL_PUT }

    Mode mode() {
        if (localPath(fs, lock) != null) {
            return Mode.LINK;
        }
        return "hdfs".equals(fs.getScheme()) ? Mode.RENAME : Mode.CONDITIONAL_PUT;
    }

    /**
     * Throws, with one line naming the setting, when this store cannot create the lock exclusively: an object store
     * without conditional create ({@code fs.s3a.create.conditional.enabled=false}, an old connector), or whose server
     * ignores {@code If-None-Match: *} (a probe object is created twice: the second must fail).
     */
    void checkExclusive() throws IOException {
        if (mode() != Mode.CONDITIONAL_PUT) {
            return;
        }
        String setting = "s3a".equals(fs.getScheme()) ? "spark.hadoop.fs.s3a.create.conditional.enabled=true" : "a "
                + "create-if-absent write";
        if (!fs.hasPathCapability(lock, CONDITIONAL)) {
            throw new IOException("output " + lock.getParent() + " cannot be locked: its file system ("
                    + fs.getScheme() + "://) offers no conditional create (" + CONDITIONAL + "); set " + setting
                    + " (S3A in Hadoop 3.4.2 or later) or write the output to HDFS or a local folder");
        }
        Path probe = new Path(lock.getParent(), "." + OutputLock.NAME + ".probe-" + UUID.randomUUID());
        try {
            if (!putIfAbsent(probe, new byte[] {'1'}) || putIfAbsent(probe, new byte[] {'2'})) {
                throw new IOException("output " + lock.getParent() + " cannot be locked: the store ignores "
                        + "If-None-Match: * on PUT (a conditional create of an existing object succeeded), so two runs "
                        + "could both take the lock; use a store that honours conditional writes (" + setting + ")");
            }
        } finally {
            fs.delete(probe, false);
        }
    }

    /** Writes {@code me} as the lock if there is none; false (and nothing changed) when the lock exists. */
    boolean createExclusive(Holder me) throws IOException {
        if (mode() == Mode.CONDITIONAL_PUT) {
            return putIfAbsent(lock, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(me));
        }
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

    /**
     * One PUT of {@code bytes} as {@code p} with {@code If-None-Match: *}: true when it created the object, false when
     * the object exists (the store's 412, or Hadoop's own check before the PUT).
     */
    private boolean putIfAbsent(Path p, byte[] bytes) throws IOException {
        FSDataOutputStreamBuilder<?, ?> create = fs.createFile(p);
        create.overwrite(false);
        create.must(CONDITIONAL, true);
        try (FSDataOutputStream out = create.build()) {
            out.write(bytes);
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(p)) {           // 412 Precondition Failed (S3A: RemoteFileChangedException): another won
                LOG.debug("conditional create of {} lost: {}", p, e.toString());
                return false;
            }
            throw e;
        }
        return true;
    }

    /** Overwrites the lock with {@code next} (local files: an atomic move; object stores: one PUT; HDFS: delete, then
     * rename). */
    void replace(Holder next) throws IOException {
        if (mode() == Mode.CONDITIONAL_PUT) {
            try (FSDataOutputStream out = fs.create(lock, true)) {
                out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(next));
            }
            return;
        }
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
