package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.run.OutputLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster tier on isolated hosts with the output on a real S3 server (S3Proxy, path-style, its own credentials;
 * the S3A magic committer), and S3's own cases: a client that cannot make conditional writes is refused in one line;
 * the server down during the trials stage, then {@code --resume}.
 */
@Tag("cluster")
@Tag("storage")
class S3StoreIT extends StoreClusterTier {
    @Override
    String kind() {
        return "s3";
    }

    @Override
    boolean readingCommands() {
        return true;
    }

    @Test
    @Order(6)
    void withoutConditionalWritesTheRunIsRefusedInOneLineNamingTheSetting() throws Exception {
        Configuration off = new Configuration(store.hadoop());
        off.setBoolean("fs.s3a.create.conditional.enabled", false);
        off.setBoolean("fs.s3a.impl.disable.cache", true);
        String out = store.out("unconditional");
        OutputLock.HeldException e = org.junit.jupiter.api.Assertions.assertThrows(OutputLock.HeldException.class,
                () -> OutputLock.acquire(out, "20260101T000000-nocond00", "x", off, Clock.systemUTC(),
                        OutputLock.STALE, null));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("fs.s3a.create.conditional.enabled=true"), e.getMessage());
        assertFalse(store.exists(out + "/_lock"), "nothing written");

        Path sweep = sweep("nocond", StandaloneClusterIT.TINY.replace("name: tiny", "name: nocond"));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "run", sweep.toString(),
                "--out", out, "--master", "local[1]", "--spark-conf", store.localConf().toString(),
                "--conf", "spark.hadoop.fs.s3a.create.conditional.enabled=false",
                "--conf", "spark.hadoop.fs.s3a.impl.disable.cache=true", "--no-progress");
        assertEquals(1, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("fs.s3a.create.conditional.enabled=true"), err.toString());
        assertEquals(0, store.count(out, ""), "nothing written");
    }

    /**
     * S3Proxy {@code kill -9}-ed once a trial is staged, and kept down until the run has ended: the tasks whose store
     * calls fail are task failures (retried, not FAILED rows); with the retries spent the run fails in one line naming
     * what it could not write (or read), nothing of it in the table, the staged trials kept. With the server back,
     * {@code --resume} adopts the staged trials and computes the rest: each trial_id OK exactly once, no FAILED row.
     */
    @Test
    @Order(7)
    void theServerDownDuringTheTrialsStageFailsTheRunInOneLineAndResumeCompletesIt() throws Exception {
        Path sweep = sweep("outage", StandaloneClusterIT.FAULTS.replace("name: faults", "name: outage"));
        String out = store.out("outage");
        Path log = dir.resolve("outage-1.log");
        Process submit = Cluster.launch(submit(sweep, out), log);
        long until = System.nanoTime() + RUN_LIMIT.toNanos();
        while (store.count(out + "/_staging", ".json") == 0) {   // polled often: packs may finish close together
            assertTrue(submit.isAlive() && System.nanoTime() < until, () -> "nothing staged: " + Cluster.tail(log));
            Thread.sleep(20);
        }
        store.kill("s3proxy").onExit().get(30, TimeUnit.SECONDS);
        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        store.restart("s3proxy");
        Cluster.await("S3Proxy back", Duration.ofMinutes(1), () -> store.exists(out + "/_staging"));
        assertEquals(1, submit.exitValue(), Cluster.tail(log));
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("dasweep: ")).toList();
        assertEquals(1, lines.size(), Cluster.tail(log));
        // the task's first store call after the kill: its learned subspace, its staged row, or its network
        assertTrue(lines.get(0).matches("dasweep: run failed: cannot (write \\Q" + out + "/\\E(_staging/outage/|"
                + "subspaces)|read \\Q" + out + "/networks/\\E)\\S*: .*; what was staged stays for --resume .*"),
                lines.get(0));
        assertFalse(Files.readString(log).contains("trials computed"), "no summary: nothing was committed");
        assertEquals(0, store.count(out + "/trials", ".parquet"), "no Parquet file of the failed run is visible");
        long staged = store.count(out + "/_staging", ".json");
        assertTrue(staged >= 1 && staged < 6, "staged before the outage, kept for --resume: " + staged);

        Path log2 = dir.resolve("outage-2.log");
        int code = Cluster.runToEnd(submit(sweep, out, "--resume"), log2, RUN_LIMIT);
        assertEquals(0, code, Cluster.tail(log2));
        Matcher m = StandaloneClusterIT.summary(log2);
        assertEquals(List.of(6 - staged, 0L, 0L, staged), List.of(Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))),
                "computed, failed, already done, adopted: " + m.group());
        List<Row> rows = rows(out, "outage");
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(6, StandaloneClusterIT.iiaById(rows).size(), "every trial_id exactly once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK")), "no FAILED row: " + rows);
        assertEquals(0, store.count(out + "/_staging", ".json"), "staging dropped after the commit");
        System.out.println("S3 outage: " + lines.get(0) + "; staged before it: " + staged + "; then --resume: "
                + m.group());
    }
}
