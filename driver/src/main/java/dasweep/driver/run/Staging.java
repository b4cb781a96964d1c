package dasweep.driver.run;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.StagedRows;
import dasweep.driver.trial.TableRow;
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
 * Trials' rows staged by their tasks as they finish, under {@code <out>/_staging/<sweep>/<run-id>/<trial-id>.json},
 * in the table's column names ({@link StagedRows}), so that a run that dies before its commit loses no finished
 * trial: {@code --resume} adopts them.
 */
public final class Staging {
    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** A staged row ({@link StagedRows}) and the file it is in. */
    public record Staged(Path file, JsonNode row) {
        public String trialId() {
            return row.get("trial_id").asText();
        }

        public boolean ok() {
            return "OK".equals(row.get("status").asText());
        }

        /** The run that computed it. */
        public String runId() {
            return row.get("run_id").asText();
        }
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

    /**
     * Writes one trial's row ({@link StagedRows#toJson}) into a run's staging folder (inside a task); a store that
     * cannot be written fails the task ({@link StoreFailure}).
     */
    public static void write(String runFolder, TableRow row, Configuration conf) {
        Path file = new Path(runFolder, row.trial().trialId() + ".json");
        try {
            NetworkStore.writeAtomically(file.getFileSystem(conf), file,
                    JSON.writeValueAsBytes(StagedRows.toJson(row)));
        } catch (IOException e) {
            throw new StoreFailure("write", file, e);
        }
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
                    JsonNode row = JSON.readTree(in);
                    for (String column : List.of("trial_id", "run_id", "status")) {
                        if (!row.path(column).isTextual()) {
                            throw new IOException("no " + column + " (staged by an older version?)");
                        }
                    }
                    out.add(new Staged(f.getPath(), row));
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
