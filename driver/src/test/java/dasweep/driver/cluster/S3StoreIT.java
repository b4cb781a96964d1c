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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cluster tier with the output on a real S3 server (S3Proxy, path-style, its own credentials; the S3A magic
 * committer), and S3's own cases: two runs taking the lock at the same instant, 20 times (a conditional PUT,
 * {@code If-None-Match: *}); a client that cannot make conditional writes is refused in one line; the server stopped
 * during the trials stage and started again, then {@code --resume}.
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
    @Order(4)
    void twoRunsTakingTheLockAtTheSameInstantNeverBothWin() throws Exception {
        StoreLockRace.assertExactlyOneEachTime(StoreLockRace.winners(store.out("race"), store.hadoop(), 20));
    }

    @Test
    @Order(5)
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

    @Test
    @Order(6)
    void theServerStoppedDuringTheTrialsStageLosesNothingAndResumeCompletesTheRun() throws Exception {
        Path sweep = sweep("outage", StandaloneClusterIT.FAULTS.replace("name: faults", "name: outage"));
        String out = store.out("outage");
        Path log = dir.resolve("outage-1.log");
        Process submit = Cluster.launch(submit(sweep, out), log);
        Cluster.await("the first staged trial", RUN_LIMIT,
                () -> store.count(out + "/_staging", ".json") > 0 || !submit.isAlive());
        assertTrue(submit.isAlive(), () -> "the run ended before a trial was staged: " + Cluster.tail(log));
        store.kill("s3proxy");
        Thread.sleep(15_000);
        store.restart("s3proxy");
        Cluster.await("S3Proxy back", java.time.Duration.ofMinutes(1), () -> store.exists(out + "/_staging"));
        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        int first = submit.exitValue();
        String text = Files.readString(log);
        long visible = store.count(out + "/trials", ".parquet");
        if (first != 0) {
            assertEquals(1, first, Cluster.tail(log));
            if (text.contains("dasweep: run failed: ")) {   // the run failed: in one line, nothing of it in the table
                assertEquals(1, text.lines().filter(l -> l.startsWith("dasweep: ")).count(), Cluster.tail(log));
                assertEquals(0, visible, "no Parquet file of the failed run is visible");
            } else {                                       // trials whose store calls failed: FAILED rows, retried
                assertTrue(StandaloneClusterIT.summary(log).group(2).matches("[1-9]\\d*"), Cluster.tail(log));
            }
        }
        Path log2 = dir.resolve("outage-2.log");
        int code = Cluster.runToEnd(submit(sweep, out, "--resume"), log2, RUN_LIMIT);
        assertEquals(0, code, Cluster.tail(log2));
        if (first == 0) {                              // S3A's retries rode out the outage: nothing left to do
            assertTrue(Files.readString(log2).contains("nothing to compute"), Cluster.tail(log2));
        }
        List<Row> rows = rows(out, "outage");
        List<Row> ok = rows.stream().filter(r -> r.getString(2).equals("OK")).toList();
        assertEquals(6, ok.size(), "first run exited " + first + "; " + rows);
        assertEquals(6, iiaById(ok).size(), "every trial_id OK exactly once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK") || r.getString(2).equals("FAILED")));
        System.out.println("S3 outage: the first run exited " + first + " (" + visible + " Parquet files visible), "
                + "then --resume: " + Files.readString(log2).lines().filter(l -> l.contains("trials computed")
                        || l.contains("nothing to compute")).findFirst().orElse("?"));
    }
}
