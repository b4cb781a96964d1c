package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/standalone/run-sweep.sh SWEEP --workers 2 --isolated --store hdfs|s3 --out D} as users run it: the
 * driver, the master and each worker in their own network and mount namespaces on a bridge the script makes, the
 * output on a real store, the table copied back into D. Also a worker's link cut during the trials stage. Skipped, in
 * one line, where namespaces cannot be made.
 */
@Tag("cluster")
@Tag("storage")
class RunSweepIsolatedIT {
    static final Duration LIMIT = Duration.ofMinutes(12);
    static Path root;

    @BeforeAll
    static void namespaces() throws Exception {
        IsolatedHosts.assumeAvailable();
        root = Cluster.repo().resolve("driver/target/isolated-it");
        Cluster.deleteTree(root);
        Files.createDirectories(root);
    }

    static SparkSession reader;

    @AfterAll
    static void stopReader() {
        if (reader != null) {
            reader.stop();
        }
    }

    static List<Row> rows(Path out) throws IOException {
        if (reader == null) {
            reader = SparkSessions.create("local[1]", "isolated-it-reader", SparkSessions.settings(null, Map.of()));
        }
        return reader.read().parquet(out.resolve("trials").toString()).select("trial_id", "status", "host")
                .collectAsList();
    }

    static Process runSweep(String name, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("deploy/standalone/run-sweep.sh"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Cluster.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Cluster.environment(pb);
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.environment().put("CLUSTER_DIR", root.resolve(name + "-cluster").toString());
        pb.environment().put("SPARK_PORT", "" + Cluster.freePort());
        return pb.start();
    }

    static void assertAllGone(String name) throws IOException {
        Path dir = root.resolve(name + "-cluster");
        assertTrue(!Files.exists(dir.resolve("pids")) && !Files.exists(dir.resolve("store/pids")), "daemons stopped");
        assertTrue(!Files.exists(dir.resolve("net/netns.env")), "namespaces removed");
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes());
        String env = dir.resolve("net").toString();
        assertTrue(list.lines().noneMatch(l -> l.startsWith("dsw") && l.contains(nsId(env))), list);
    }

    static String nsId(String dir) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("MD5").digest(dir.getBytes());
            return "dsw" + String.format("%02x%02x", d[0], d[1]) + "-";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs", "s3"})
    void theQuickstartOnIsolatedHostsWithItsOutputOnTheStore(String store) throws Exception {
        // CI time: the S3 run by default (about 4 min here); the HDFS one (about 8 min) with DASWEEP_STORAGE_FULL=1
        Assumptions.assumeTrue(store.equals("s3") || "1".equals(System.getenv("DASWEEP_STORAGE_FULL")),
                "the quickstart on isolated hosts with --store hdfs runs with DASWEEP_STORAGE_FULL=1");
        Path out = root.resolve("quickstart-" + store);
        Path log = root.resolve("quickstart-" + store + ".log");
        Process p = runSweep("q-" + store, List.of("sweeps/quickstart.yaml", "--workers", "2", "--isolated", "--store",
                store, "--out", out.toString(), "--no-progress"), log);
        assertTrue(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, p.exitValue(), Cluster.tail(log));
        String text = Files.readString(log);
        String scheme = store.equals("hdfs") ? "hdfs://10.231." : "s3a://dasweep/out/run";
        assertTrue(text.contains("table: " + scheme), () -> "the summary names the store: " + Cluster.tail(log));
        List<Row> rows = rows(out);
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> assertTrue(ids.add(r.getString(0)), "trial_id twice: " + r));
        int cells = dasweep.driver.sweep.Grid.expand(dasweep.driver.sweep.SweepLoader.load(
                Cluster.repo().resolve("sweeps/quickstart.yaml"))).cells().size();
        assertEquals(cells, ids.size(), "every trial of the quickstart (DAS trials and their controls), each once");
        assertTrue(rows.stream().allMatch(r -> r.getString(1).equals("OK")), rows.toString());
        assertTrue(Files.list(out.resolve("networks")).anyMatch(f -> f.toString().endsWith(".safetensors")));
        assertAllGone("q-" + store);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs"})
    void aWorkersLinkCutDuringTheTrialsStageCostsNothing(String store) throws Exception {
        Path sweep = root.resolve("cut.yaml");
        Files.writeString(sweep, StandaloneClusterIT.FAULTS.replace("name: faults", "name: cut"));
        Path out = root.resolve("cut-" + store);
        Path log = root.resolve("cut-" + store + ".log");
        Process p = runSweep("cut", List.of(sweep.toString(), "--workers", "2", "--isolated", "--store", store,
                "--out", out.toString(), "--no-progress", "--conf", "spark.network.timeout=30s",
                "--conf", "spark.network.timeoutInterval=10s",
                "--conf", "spark.executor.heartbeatInterval=3s"), log);
        Cluster.await("the trials stage", LIMIT, () -> !p.isAlive() || has(log, "run: stage 2: "));
        assertTrue(p.isAlive(), () -> Cluster.tail(log));
        Thread.sleep(3_000);
        Path net = root.resolve("cut-cluster/net");
        assertEquals(0, new ProcessBuilder("deploy/standalone/netns.sh", "cut", net.toString(), "w2")
                .directory(Cluster.repo().toFile()).inheritIO().start().waitFor());
        assertTrue(p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, p.exitValue(), Cluster.tail(log));
        List<Row> rows = rows(out);
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> assertTrue(ids.add(r.getString(0)), "trial_id twice: " + r));
        assertEquals(6, ids.size(), rows.toString());
        assertAllGone("cut");
    }

    static boolean has(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }
}
