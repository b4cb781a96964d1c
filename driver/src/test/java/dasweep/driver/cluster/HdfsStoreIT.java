package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster tier with the output on a real HDFS (a NameNode and two DataNodes, replication 2, each its own JVM),
 * and HDFS's own faults: a DataNode killed during the commit; two runs taking the lock at the same instant.
 */
@Tag("cluster")
@Tag("storage")
class HdfsStoreIT extends StoreClusterTier {
    @Override
    String kind() {
        return "hdfs";
    }

    @Test
    @Order(4)
    void twoRunsTakingTheLockAtTheSameInstantNeverBothWin() throws Exception {
        StoreLockRace.assertExactlyOneEachTime(StoreLockRace.winners(store.out("race"), store.hadoop(), 20));
    }

    @Test
    @Order(5)
    void aDataNodeKilledDuringTheCommitLosesNoRow() throws Exception {
        Path sweep = sweep("datanode", StandaloneClusterIT.TINY.replace("name: tiny", "name: datanode"));
        String out = store.out("datanode");
        Path log = dir.resolve("datanode.log");
        Process submit = Cluster.launch(submit(sweep, out), log);
        // the trials stage's last line comes just before the commit's write job
        Cluster.await("the end of the trials stage", RUN_LIMIT,
                () -> !submit.isAlive() || logHas(log, "adopted from staging, 4 computed"));
        assertTrue(submit.isAlive() && !logHas(log, "committed "), () -> "not before the commit: " + Cluster.tail(log));
        store.kill("datanode-1");
        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, submit.exitValue(), Cluster.tail(log));
        assertLogNamesTheStore(log, out);
        List<Row> rows = rows(out, "datanode");
        assertEquals(4, rows.size(), rows.toString());
        assertEquals(4, iiaById(rows).size(), "every trial_id once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK")), rows.toString());
        assertFalse(store.exists(out + "/_lock"));
        store.restart("datanode-1");
        Cluster.await("the DataNode back", Duration.ofMinutes(1), () -> true);
    }

    static boolean logHas(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
