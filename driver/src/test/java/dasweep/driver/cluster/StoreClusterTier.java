package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
 * The cluster tier's cases with the output on a real store ({@link Store}: HDFS or S3) instead of a local folder: a
 * master and two workers (own JVMs) submit-run by {@code deploy/spark-submit}, the store's daemons in their own JVMs.
 * The same trial_ids and IIAs as local mode (whose output is on the store too), a second run refused while the first
 * holds the store, an executor killed mid-stage, the driver killed mid-stage then {@code --resume}; report, compare
 * and export read the store's table. Subclasses add the store's own faults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StoreClusterTier {
    static final Duration RUN_LIMIT = Duration.ofMinutes(8);

    Store store;
    Cluster cluster;
    Path dir;
    private SparkSession reader;

    /** {@code hdfs} or {@code s3}. */
    abstract String kind();

    @BeforeAll
    void start() throws Exception {
        store = Store.start(kind(), kind());
        cluster = Cluster.start("store-" + kind(), 2, null);
        dir = cluster.dir.resolve("runs");
        Files.createDirectories(dir);
    }

    @AfterAll
    void stop() {
        stopReader();
        if (cluster != null) {
            cluster.close();
        }
        if (store != null) {
            store.close();
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

    static Map<String, Double> iiaById(List<Row> rows) {
        Map<String, Double> m = new HashMap<>();
        rows.forEach(r -> assertEquals(null, m.put(r.getString(0), r.getDouble(1)), "trial_id twice: " + r));
        return m;
    }

    List<String> submit(Path sweep, String out, String... more) throws IOException {
        return Cluster.submitTo(cluster.url, cluster.secret(), sweep, out, store.clusterConf(), more);
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
        Map<String, Double> local = iiaById(rows.stream().filter(r -> r.getString(3).equals(earlier)).toList());
        Map<String, Double> remote = iiaById(rows.stream().filter(r -> r.getString(3).equals(today)).toList());
        assertEquals(4, local.size(), rows.toString());
        assertEquals(local.keySet(), remote.keySet(), "the same trial_ids (network sha256 included)");
        local.forEach((id, iia) -> assertEquals(iia, remote.get(id), 1e-6, id));
        assertTrue(rows.stream().filter(r -> r.getString(3).equals(today))
                .allMatch(r -> r.getString(2).equals("OK") && !r.getString(4).equals("driver")), rows.toString());
        stopReader();

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
        Path sweep = sweep("faults-executor", StandaloneClusterIT.FAULTS);
        String out = store.out("faults-executor");
        Path log = dir.resolve("faults-executor.log");
        Process submit = Cluster.launch(submit(sweep, out), log);
        Cluster.await("the first staged trial", RUN_LIMIT,
                () -> store.count(out + "/_staging", ".json") > 0 || !submit.isAlive());
        assertTrue(submit.isAlive(), () -> "the run ended before a trial was staged: " + Cluster.tail(log));
        List<Long> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "no executor JVM found under " + cluster.dir.resolve("work"));
        ProcessHandle victim = ProcessHandle.of(executors.get(0)).orElseThrow();
        assertEquals(0, new ProcessBuilder("kill", "-9", "" + victim.pid()).start().waitFor());
        victim.onExit().get(30, TimeUnit.SECONDS);

        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, submit.exitValue(), Cluster.tail(log));
        assertLogNamesTheStore(log, out);
        List<Row> rows = rows(out, "faults");
        assertEquals(6, iiaById(rows).size(), rows.toString());
        assertEquals(6, rows.size(), "every trial_id exactly once");
        assertTrue(rows.stream().allMatch(r -> r.getString(2).equals("OK")), rows.toString());
    }

    @Test
    @Order(3)
    void aKilledDriverIsResumedWithOnlyTheMissingTrials() throws Exception {
        Path sweep = sweep("faults-driver", StandaloneClusterIT.FAULTS);
        String out = store.out("faults-driver");
        Path log = dir.resolve("faults-driver-1.log");
        Process submit = Cluster.launch(submit(sweep, out), log);
        Cluster.await("the first staged trial", RUN_LIMIT,
                () -> store.count(out + "/_staging", ".json") > 0 || !submit.isAlive());
        assertTrue(submit.isAlive(), () -> "the run ended before a trial was staged: " + Cluster.tail(log));
        submit.destroyForcibly();                       // SIGKILL of the spark-submit JVM, i.e. the driver
        submit.waitFor();
        assertEquals(137, submit.exitValue());
        Cluster.await("the executors of the killed driver to end", Duration.ofMinutes(2),
                () -> cluster.executors().isEmpty());
        long staged = store.count(out + "/_staging", ".json");
        assertTrue(staged >= 1 && staged < 6 + 1, "staged " + staged);
        assertEquals(0, store.count(out + "/trials", ".parquet"), "no Parquet file of the killed run is visible");
        assertTrue(store.exists(out + "/_lock"), "the killed driver's lock is left behind");

        Path log2 = dir.resolve("faults-driver-2.log");
        int code = Cluster.runToEnd(submit(sweep, out, "--resume"), log2, RUN_LIMIT);
        assertEquals(0, code, Cluster.tail(log2));
        Matcher m = StandaloneClusterIT.summary(log2);
        assertEquals(staged, Long.parseLong(m.group(4)), "adopted: " + m.group());
        assertEquals(6 - staged, Long.parseLong(m.group(1)), "computed: " + m.group());
        assertTrue(Files.readString(log2).contains("taking over from run"), "the dead driver's lock was taken over");
        List<Row> rows = rows(out, "faults");
        assertEquals(6, rows.size(), rows.toString());
        assertEquals(6, iiaById(rows).size(), "no duplicate");
        assertFalse(store.exists(out + "/_lock"));
        assertEquals(0, store.count(out + "/_staging", ".json"), "staging dropped after the commit");
    }
}
