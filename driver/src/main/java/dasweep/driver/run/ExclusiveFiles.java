package dasweep.driver.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small files of one folder of a store, created only when absent and replaced whole, as the output lock needs them.
 * How "only when absent" is made atomic depends on the store:
 * <ul>
 *   <li>local files: written to a temporary file beside the target, then hard-linked into place (the link fails when
 *       the target exists);</li>
 *   <li>HDFS: the same temporary file, renamed into place (the NameNode's rename fails when the target exists);</li>
 *   <li>object stores (s3a): one PUT with {@code If-None-Match: *} (Hadoop's
 *       {@code fs.option.create.conditional.overwrite}), which the store refuses (412) when the object exists. A store
 *       that does not offer it, or that ignores the header (checked with a probe object), is refused:
 *       {@link #checkExclusive}.</li>
 * </ul>
 * Replacing whole: a local atomic move, HDFS's rename with overwrite, one PUT. A reader sees the old bytes or the new.
 */
final class ExclusiveFiles {
    /** Logs under {@link OutputLock}'s name: these are the output lock's messages. */
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    /** Hadoop's create option for a PUT with {@code If-None-Match: *} (S3A 3.4.2+). */
    static final String CONDITIONAL = "fs.option.create.conditional.overwrite";

    private final FileSystem fs;
    private final Path folder;

    ExclusiveFiles(FileSystem fs, Path folder) {
        this.fs = fs;
        this.folder = folder;
    }

    /** How this store makes "create only when absent" atomic. */
    enum Mode { LINK, RENAME, CONDITIONAL_PUT }

    Mode mode() {
        if (localPath(folder) != null) {
            return Mode.LINK;
        }
        return "hdfs".equals(fs.getScheme()) ? Mode.RENAME : Mode.CONDITIONAL_PUT;
    }

    /**
     * Throws, with one line naming the setting, when this store cannot create {@code target} exclusively: an object
     * store without conditional create ({@code fs.s3a.create.conditional.enabled=false}, an old connector), or whose
     * server ignores {@code If-None-Match: *} (a probe object is created twice: the second must fail).
     */
    void checkExclusive(Path target) throws IOException {
        if (mode() != Mode.CONDITIONAL_PUT) {
            return;
        }
        String setting = "s3a".equals(fs.getScheme()) ? "spark.hadoop.fs.s3a.create.conditional.enabled=true" : "a "
                + "create-if-absent write";
        if (!fs.hasPathCapability(target, CONDITIONAL)) {
            throw new IOException("output " + folder + " cannot be locked: its file system ("
                    + fs.getScheme() + "://) offers no conditional create (" + CONDITIONAL + "); set " + setting
                    + " (S3A in Hadoop 3.4.2 or later) or write the output to HDFS or a local folder");
        }
        Path probe = new Path(folder, "." + OutputLock.NAME + ".probe-" + UUID.randomUUID());
        try {
            if (!putIfAbsent(probe, new byte[] {'1'}) || putIfAbsent(probe, new byte[] {'2'})) {
                throw new IOException("output " + folder + " cannot be locked: the store ignores "
                        + "If-None-Match: * on PUT (a conditional create of an existing object succeeded), so two runs "
                        + "could both take the lock; use a store that honours conditional writes (" + setting + ")");
            }
        } finally {
            fs.delete(probe, false);
        }
    }

    /** Creates {@code p} with {@code bytes} if it does not exist; false (and nothing changed) when it exists. */
    boolean create(Path p, byte[] bytes) throws IOException {
        if (mode() == Mode.CONDITIONAL_PUT) {
            return putIfAbsent(p, bytes);
        }
        Path tmp = writeTemp(bytes);
        try {
            java.nio.file.Path local = localPath(p);
            if (local != null) {
                try {
                    Files.createLink(local, localPath(tmp));
                    return true;
                } catch (FileAlreadyExistsException e) {
                    return false;
                }
            }
            return fs.rename(tmp, p);      // HDFS: false when the target exists
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
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException
                 | org.apache.hadoop.fs.s3a.RemoteFileChangedException e) {   // S3A's 412 Precondition Failed
            LOG.debug("conditional create of {} lost: {}", p, e.toString());
            return false;
        } catch (IOException e) {
            if (fs.exists(p)) {           // another kind of refusal, and the object is there: another won
                LOG.debug("conditional create of {} lost: {}", p, e.toString());
                return false;
            }
            throw e;
        }
        return true;
    }

    /** Writes {@code bytes} as {@code p}, replacing it whole if it exists. */
    void replace(Path p, byte[] bytes) throws IOException {
        if (mode() == Mode.CONDITIONAL_PUT) {
            try (FSDataOutputStream out = fs.create(p, true)) {
                out.write(bytes);
            }
            return;
        }
        Path tmp = writeTemp(bytes);
        java.nio.file.Path local = localPath(p);
        if (local != null) {
            Files.move(localPath(tmp), local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, p, Options.Rename.OVERWRITE);
        } catch (IOException e) {
            fs.delete(tmp, false);
            throw e;
        }
    }

    private Path writeTemp(byte[] bytes) throws IOException {
        Path tmp = new Path(folder, "." + OutputLock.NAME + ".tmp-" + UUID.randomUUID());
        java.nio.file.Path local = localPath(tmp);
        if (local != null) {
            Files.write(local, bytes);     // no checksum side file: the file is linked or moved by name
            return tmp;
        }
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(bytes);
        }
        return tmp;
    }

    /** The local file of {@code p} when the store is the local file system (for link and atomic move). */
    private java.nio.file.Path localPath(Path p) {
        if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
            return java.nio.file.Path.of(p.toUri().getPath());
        }
        return null;
    }
}
