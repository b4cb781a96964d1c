package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.run.LockRace;
import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster tier's cases with the output on a real store ({@link Store}: HDFS or S3) instead of a local folder, on
 * hosts that share nothing ({@link IsolatedHosts}): the master, each of two workers and the driver in its own network
 * and mount namespace, the store's daemons (own JVMs) on the bridge's address, runs submitted by
 * {@code deploy/spark-submit} on the driver's host. One store, cluster and set of hosts per class. The same trial_ids
 * and IIAs as local mode (whose output is on the store too), a second run refused while the first holds the store,
 * an executor killed mid-stage, the driver killed mid-stage then {@code --resume}, runs racing for the lock (a free
 * one, and a dead run's); report, compare and export read the store's table (S3). Subclasses add the store's own
 * faults. Where namespaces cannot be made, the class is skipped in one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StoreClusterTier {
    static final Duration RUN_LIMIT = ClusterCases.RUN_LIMIT;

    IsolatedHosts hosts;
    Store store;
    Cluster cluster;
    Path dir;
    private SparkSession reader;

    /** {@code hdfs} or {@code s3}. */
    abstract String kind();

    /** Whether test 1 also runs report, compare and export on the store's table (one store is enough for CI). */
    boolean readingCommands() {
        return false;
    }

    @BeforeAll
    void start() throws Exception {
        IsolatedHosts.assumeAvailable();
        hosts = IsolatedHosts.up("store-" + kind(), 2);
        store = Store.start(kind(), kind(), hosts.bridge());
        cluster = Cluster.start("store-" + kind(), 2, null, hosts);
        dir = cluster.dir.resolve("runs");
        Files.createDirectories(dir);
    }

    @AfterAll
    void stop() {
        stopReader();
        for (AutoCloseable c : new AutoCloseable[] {cluster, store, hosts}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("cannot stop " + c + ": " + e);
                }
            }
        }
    }

    SparkSession reader() throws IOException {
        if (reader == null) {
            reader = SparkSessions.create("local[1]", "store-it-reader",
                    SparkSessions.forOutput(SparkSessions.settings(store.localConf(), Map.of()), store.base));
        }
        return reader;
    }

    void stopReader() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    Path sweep(String name, String text) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    /** trial_id, iia, status, run_date of the sweep's rows in {@code out}'s table. */
    List<Row> rows(String out, String sweep) throws IOException {
        return reader().read().parquet(out + "/trials").where("sweep = '" + sweep + "'")
                .select("trial_id", "iia", "status", "run_date", "executor_id").collectAsList();
    }

    /** The spark-submit command of {@code dasweep run SWEEP --out OUT MORE}, run on the driver's host. */
    List<String> submit(Path sweep, String out, String... more) {
        try {
            return hosts.onDriver(Cluster.submitTo(cluster.url, cluster.secret(), sweep, out, store.clusterConf(),
                    more));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An output on the store as the fault cases look at it. */
    ClusterCases.Output output(String out) {
        return new ClusterCases.Output() {
            @Override
            public long staged() {
                return store.count(out + "/_staging", ".json");
            }

            @Override
            public long visibleParquet() {
                return store.count(out + "/trials", ".parquet");
            }

            @Override
            public boolean locked() {
                return store.exists(out + "/_lock");
            }

            @Override
            public List<Row> rows(String sweep) throws IOException {
                return StoreClusterTier.this.rows(out, sweep);
            }
        };
    }

    /** The run log names the store's output. */
    void assertLogNamesTheStore(Path log, String out) throws IOException {
        String text = Files.readString(log);
        assertTrue(text.contains("table: " + out + "/trials"), () -> "the summary names " + out + ": " + Cluster.tail(log));
    }

    @Test
    @Order(1)
    void theSameTrialsAndIiasAsLocalModeASecondRunIsRefusedAndTheReadingCommandsWork() throws Exception {
        Path sweep = sweep("tiny", StandaloneClusterIT.TINY);
        String out = store.out("tiny");
        String earlier = "2026-01-01";
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        stopReader();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(System.out, true), new PrintWriter(err, true), "run", sweep.toString(),
                "--out", out, "--master", "local[2]", "--spark-conf", store.localConf().toString(),
                "--conf", "spark.dasweep.threadsPerTask=1", "--run-date", earlier, "--no-progress");
        assertEquals(0, code, err.toString());

        // the same cells on the cluster, recomputed under today's run date, into the same table
        Path log = dir.resolve("tiny-cluster.log");
        Process submit = Cluster.launch(submit(sweep, out, "--recompute"), log);
        Cluster.await("the cluster run's lock", Duration.ofMinutes(3),
                () -> !submit.isAlive() || lockHeldBy(out, submit.pid()));
        StringWriter refused = new StringWriter();
        int second = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(refused, true), "run",
                sweep.toString(), "--out", out, "--master", "local[2]", "--spark-conf", store.localConf().toString(),
                "--no-progress");
        assertEquals(1, second, refused.toString());
        assertEquals(1, refused.toString().strip().lines().count(), refused.toString());
        assertTrue(refused.toString().matches("(?s)dasweep: output " + out + " is in use by run \\d{8}T\\d{6}-\\w{8} "
                + "\\(sweep tiny, host .*, pid " + submit.pid() + ", .*\\n"), refused.toString());

        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, submit.exitValue(), Cluster.tail(log));
        assertLogNamesTheStore(log, out);
        assertFalse(store.exists(out + "/_lock"), "released");
        assertEquals("4", StandaloneClusterIT.summary(log).group(1));

        List<Row> rows = rows(out, "tiny");
        Map<String, Double> local = StandaloneClusterIT.iiaById(
                rows.stream().filter(r -> r.getString(3).equals(earlier)).toList());
        Map<String, Double> remote = StandaloneClusterIT.iiaById(
                rows.stream().filter(r -> r.getString(3).equals(today)).toList());
        assertEquals(4, local.size(), rows.toString());
        assertEquals(local.keySet(), remote.keySet(), "the same trial_ids (network sha256 included)");
        local.forEach((id, iia) -> assertEquals(iia, remote.get(id), 1e-6, id));
        assertTrue(rows.stream().filter(r -> r.getString(3).equals(today))
                .allMatch(r -> r.getString(2).equals("OK") && !r.getString(4).equals("driver")), rows.toString());
        stopReader();
        if (!readingCommands()) {
            return;
        }
        // report, compare and export read the store's table (its settings through DASWEEP_STORE_CONF)
        String table = out + "/trials";
        Path report = dir.resolve("report");
        assertEquals(0, dasweep(dir.resolve("report.log"), "report", "--table", table, "--out", report.toString()),
                Cluster.tail(dir.resolve("report.log")));
        assertTrue(Files.isRegularFile(report.resolve("report.html")));
        assertEquals(0, dasweep(dir.resolve("compare.log"), "compare", "--table", table, "--sweep", "tiny",
                "--from", earlier, "--to", today), Cluster.tail(dir.resolve("compare.log")));
        Path csv = dir.resolve("tiny.csv");
        assertEquals(0, dasweep(dir.resolve("export.log"), "export", "--table", table, "--format", "csv",
                "--out", csv.toString()), Cluster.tail(dir.resolve("export.log")));
        assertEquals(1 + 8, Files.readAllLines(csv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count(),
                "a header and the two dates' 4 rows each");
    }

    /** {@code ./dasweep ARGS} as its own process with the store's settings in {@code DASWEEP_STORE_CONF}. */
    int dasweep(Path log, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("./dasweep"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Cluster.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Cluster.environment(pb);
        pb.environment().put(SparkSessions.STORE_CONF, store.storeProperties().toString());
        pb.environment().put("DASWEEP_JAVA_OPTS", "-Xmx1g");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(cmd + " did not end; " + Cluster.tail(log));
        }
        return p.exitValue();
    }

    boolean lockHeldBy(String out, long pid) {
        try {
            return store.exists(out + "/_lock") && new String(store.read(out + "/_lock"), StandardCharsets.UTF_8)
                    .contains("\"pid\" : " + pid);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Order(2)
    void anExecutorKilledMidStageCostsNothing() throws Exception {
        String out = store.out("faults-executor");
        Path log = ClusterCases.anExecutorKilledMidStageCostsNothing(cluster, output(out),
                submit(sweep("faults-executor", StandaloneClusterIT.FAULTS), out), dir.resolve("faults-executor.log"));
        assertLogNamesTheStore(log, out);
    }

    @Test
    @Order(3)
    void aKilledDriverIsResumedWithOnlyTheMissingTrials() throws Exception {
        Path sweep = sweep("faults-driver", StandaloneClusterIT.FAULTS);
        String out = store.out("faults-driver");
        Path log = ClusterCases.aKilledDriverIsResumedWithOnlyTheMissingTrials(cluster, output(out),
                more -> submit(sweep, out, more), dir.resolve("faults-driver-1.log"),
                dir.resolve("faults-driver-2.log"));
        assertLogNamesTheStore(log, out);
        assertEquals(0, store.count(out + "/_staging", ".json"), "staging dropped after the commit");
    }

    @Test
    @Order(4)
    void twoRunsTakingTheLockAtTheSameInstantNeverBothWin() throws Exception {
        LockRace.assertExactlyOneEachTime(LockRace.winners(store.out("race"), store.hadoop(), 20));
    }

    @Test
    @Order(5)
    void fourRunsTakingOverTheSameDeadLockAtTheSameInstantNeverBothWin() throws Exception {
        LockRace.assertExactlyOneEachTime(LockRace.takeovers(store.out("takeover"), store.hadoop(), 20, 4));
    }
}
