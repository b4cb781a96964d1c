package dasweep.driver.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dasweep.driver.spark.NetworkStore;
import java.io.IOException;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <out>/_progress.json}: a run's progress for a watcher without its console (cron, a cluster's driver), written
 * whole each time through Hadoop's FileSystem ({@link NetworkStore#writeAtomically}: a temporary file renamed into
 * place), so it works on {@code file:}, {@code hdfs://} and {@code s3a://} alike. It stays after the run, marked
 * {@code "state": "finished"} (committed) or {@code "failed"} (the run ended without its commit); the next run on the
 * output replaces it. It lies beside {@code <out>/trials}, never in it, and its name starts with {@code _} (which
 * Spark and Hadoop listings skip), so no read of the table sees it.
 */
public final class ProgressFile {
    /** The file's name under the output. */
    public static final String NAME = "_progress.json";

    private final FileSystem fs;
    private final Path path;
    private final String sweep;
    private final String runId;
    private final Instant started;

    public ProgressFile(String outUri, Configuration conf, String sweep, String runId, Instant started)
            throws IOException {
        this.path = new Path(outUri + "/" + NAME);
        this.fs = path.getFileSystem(conf);
        this.sweep = sweep;
        this.runId = runId;
        this.started = started;
    }

    public String uri() {
        return path.toString();
    }

    /**
     * Writes the file: {@code state} (running, finished, failed), the counts, the start, now, the ETA in seconds (null
     * once the run has ended) and what it rests on.
     */
    public void write(String state, TrialCount.Counts c, ProgressEstimate.Eta eta, Instant now) throws IOException {
        ObjectNode n = Staging.JSON.createObjectNode();
        n.put("sweep", sweep);
        n.put("run_id", runId);
        n.put("state", state);
        n.put("trials_done", c.done());
        n.put("trials_total", c.trials());
        n.put("trials_failed", c.failed());
        n.put("networks_done", c.networksDone());
        n.put("networks_total", c.networks());
        n.put("started", started.toString());
        n.put("updated", now.toString());
        if (eta == null) {
            n.putNull("eta_seconds");
            n.putNull("eta_basis");
        } else {
            n.put("eta_seconds", Math.round(eta.seconds()));
            n.put("eta_basis", eta.basis());
        }
        NetworkStore.writeAtomically(fs, path, Staging.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }
}
