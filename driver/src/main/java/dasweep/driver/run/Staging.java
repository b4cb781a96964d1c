package dasweep.driver.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.spark.NetworkStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcomes staged by trial tasks as they finish, under {@code <out>/_staging/<sweep>/<run-id>/<trial-id>.json},
 * so that a run that dies before its commit loses no finished trial: {@code --resume} adopts them.
 */
public final class Staging {
    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A staged outcome and the file it is in. */
    public record Staged(Path file, TrialOutcome outcome) {
    }

    private final String outUri;
    private final String sweep;

    public Staging(String outUri, String sweep) {
        this.outUri = outUri;
        this.sweep = sweep;
    }

    /** This run's staging folder. */
    public String runFolder(String runId) {
        return root() + "/" + runId;
    }

    private String root() {
        return outUri + "/_staging/" + sweep;
    }

    /** Writes one outcome into a run's staging folder (inside a task). */
    public static void write(String runFolder, TrialOutcome outcome, Configuration conf) throws IOException {
        Path file = new Path(runFolder, outcome.trialId() + ".json");
        NetworkStore.writeAtomically(file.getFileSystem(conf), file, JSON.writeValueAsBytes(outcome));
    }

    /** The outcomes staged by earlier runs of this sweep; unreadable files are skipped with a warning. */
    public List<Staged> list(Configuration conf) throws IOException {
        Path dir = new Path(root());
        FileSystem fs = dir.getFileSystem(conf);
        List<Staged> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus run : fs.listStatus(dir)) {
            if (!run.isDirectory()) {
                continue;
            }
            for (FileStatus f : fs.listStatus(run.getPath())) {
                if (!f.isFile() || !f.getPath().getName().endsWith(".json")) {
                    continue;
                }
                try (InputStream in = fs.open(f.getPath())) {
                    out.add(new Staged(f.getPath(), JSON.readValue(in, TrialOutcome.class)));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("ignoring unreadable staged outcome {}: {}", f.getPath(), e.toString());
                }
            }
        }
        return out;
    }

    /** Deletes staged files (now in the table), then the folders they leave empty. */
    public void drop(List<Path> files, Configuration conf) throws IOException {
        Path root = new Path(outUri + "/_staging");
        FileSystem fs = root.getFileSystem(conf);
        for (Path p : files) {
            fs.delete(p, false);
        }
        for (Path dir : List.of(new Path(root()), root)) {
            if (!fs.exists(dir)) {
                continue;
            }
            for (FileStatus child : fs.listStatus(dir)) {
                if (child.isDirectory() && fs.listStatus(child.getPath()).length == 0) {
                    fs.delete(child.getPath(), false);
                }
            }
            if (fs.listStatus(dir).length == 0) {
                fs.delete(dir, false);
            }
        }
    }
}
