package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster tier on isolated hosts with the output on a real HDFS (a NameNode and two DataNodes, replication 2,
 * each its own JVM), and HDFS's own fault: a DataNode killed while the commit's write job runs.
 */
@Tag("cluster")
@Tag("storage")
class HdfsStoreIT extends StoreClusterTier {
    @Override
    String kind() {
        return "hdfs";
    }

    /**
     * {@code kill -9} of a DataNode once the commit's write job is provably running: the job's
     * {@code trials/_temporary} folder (made when the job is set up, removed when it commits) exists before the kill
     * and still after it. The run finishes, no row lost, the table readable.
     */
    @Test
    @Order(6)
    void aDataNodeKilledDuringTheCommitLosesNoRow() throws Exception {
        Path sweep = sweep("datanode", StandaloneClusterIT.TINY.replace("name: tiny", "name: datanode"));
        String out = store.out("datanode");
        Path log = dir.resolve("datanode.log");
        FileSystem fs = store.fs();
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(out + "/trials/_temporary");
        Process submit = Cluster.launch(submit(sweep, out), log);
        long until = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!fs.exists(temporary)) {                // polled every 10 ms: the write job takes seconds
            assertTrue(submit.isAlive() && System.nanoTime() < until, () -> "no write job seen: " + Cluster.tail(log));
            Thread.sleep(10);
        }
        ProcessHandle datanode = store.kill("datanode-1");
        boolean inside = fs.exists(temporary);
        assertTrue(inside, "the kill landed inside the commit's write job");
        assertFalse(logHas(log, "committed "), "not after the commit");
        datanode.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, submit.exitValue(), Cluster.tail(log));
        assertLogNamesTheStore(log, out);
        assertFalse(fs.exists(temporary), "the job committed");
        List<Row> rows = rows(out, "datanode");
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(4, StandaloneClusterIT.iiaById(rows).size(), "every trial_id once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK")), rows.toString());
        assertFalse(store.exists(out + "/_lock"));
        store.restart("datanode-1");
    }

    static boolean logHas(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
