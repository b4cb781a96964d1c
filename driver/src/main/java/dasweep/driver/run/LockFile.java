package dasweep.driver.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.run.OutputLock.Holder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@code <out>/_lock} itself, as {@link OutputLock} uses it: a {@link Holder} as JSON, created only when
 * absent ({@link ExclusiveFiles}: a hard link, HDFS's rename, a PUT with {@code If-None-Match: *}) and never rewritten.
 * <ul>
 *   <li>The holder's heartbeat goes to {@code _lock.beat-<run id>}, which only the holder writes, replaced whole;
 *       {@link #read()} gives its record when it names the lock's holder.</li>
 *   <li>A lock is deleted only by whoever creates, exclusively, the marker {@code _lock.takeover-<run id>} naming the
 *       lock's holder and then still finds that holder in {@code _lock} ({@link #deleteIfStill}): the holder on
 *       release, or the one run that takes over a dead holder's lock; the marker goes after the delete.</li>
 * </ul>
 * So two runs never both delete one lock: a run's lock is created once; whoever deletes it held its marker and read
 * it just before; markers are held one at a time, and a later holder of the same marker reads another lock or none.
 * Taking over is delete, then create only when absent: at most one run proceeds. This needs a store whose reads see
 * every write before them (HDFS, local files, S3 since 2020, S3Proxy); no {@code If-Match} (S3Proxy's file system
 * backend checks it apart from the write, so it would not be exclusive there).
 */
final class LockFile {
    /** Logs under {@link OutputLock}'s name: these are the output lock's messages. */
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final FileSystem fs;
    private final Path lock;
    private final ExclusiveFiles files;

    LockFile(FileSystem fs, Path lock) {
        this.fs = fs;
        this.lock = lock;
        this.files = new ExclusiveFiles(fs, lock.getParent());
    }

    FileSystem fs() {
        return fs;
    }

    Path path() {
        return lock;
    }

    /** Throws, in one line naming the setting, when this store cannot create the lock exclusively. */
    void checkExclusive() throws IOException {
        files.checkExclusive(lock);
    }

    /** Writes {@code me} as the lock if there is none; false (and nothing changed) when the lock exists. */
    boolean createExclusive(Holder me) throws IOException {
        return files.create(lock, json(me));
    }

    /** Writes {@code next} as its run's heartbeat file (only the holder does); {@code _lock} is never rewritten. */
    void writeBeat(Holder next) throws IOException {
        files.replace(beat(next.runId()), json(next));
    }

    /**
     * Deletes the lock of run {@code runId} and that run's heartbeat file if the lock still names that run (and only
     * then); false when another party holds the takeover marker of that run (it is releasing or taking over that lock
     * now, or died doing so: the message names {@link #marker}).
     */
    boolean deleteIfStill(String runId) throws IOException {
        Path marker = marker(runId);
        if (!files.create(marker, runId.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        try {
            Holder now = readLock();
            if (now != null && now.runId().equals(runId)) {
                fs.delete(lock, false);
            }
            fs.delete(beat(runId), false);
        } finally {
            fs.delete(marker, false);
        }
        return true;
    }

    /**
     * Deletes an unreadable lock last modified at {@code modified} (epoch ms) if it still is that file, under the
     * marker named after that time; false when another party holds that marker.
     */
    boolean deleteUnreadable(long modified) throws IOException {
        String generation = "unreadable-" + modified;
        Path marker = marker(generation);
        if (!files.create(marker, generation.getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        try {
            if (readLock() == null && modified() == modified) {
                fs.delete(lock, false);
            }
        } finally {
            fs.delete(marker, false);
        }
        return true;
    }

    /** The takeover marker of run {@code runId}'s lock: whoever creates it may delete that lock. */
    Path marker(String runId) {
        return new Path(lock.getParent(), OutputLock.NAME + ".takeover-" + runId);
    }

    /** The heartbeat file of run {@code runId}. */
    Path beat(String runId) {
        return new Path(lock.getParent(), OutputLock.NAME + ".beat-" + runId);
    }

    /**
     * The holder the lock names, with its latest heartbeat (its heartbeat file's record when there is one), or null
     * when there is no lock or it cannot be read (logged).
     */
    Holder read() throws IOException {
        Holder first = readLock();
        if (first == null) {
            return null;
        }
        Holder beat = read(beat(first.runId()), false);
        return beat != null && beat.runId().equals(first.runId()) ? beat : first;
    }

    /** What {@code _lock} itself says (as first written), or null. */
    private Holder readLock() throws IOException {
        return read(lock, true);
    }

    private Holder read(Path p, boolean warn) throws IOException {
        if (!fs.exists(p)) {
            return null;
        }
        try (InputStream in = fs.open(p)) {
            return JSON.readValue(in, Holder.class);
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            if (warn) {
                LOG.warn("output lock {} is unreadable: {}", p, e.toString());
            }
            return null;
        }
    }

    /** The lock's last modification time (epoch ms), or -1 when there is none. */
    long modified() throws IOException {
        try {
            return fs.getFileStatus(lock).getModificationTime();
        } catch (FileNotFoundException e) {
            return -1;
        }
    }

    private static byte[] json(Holder h) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(h);
    }
}
