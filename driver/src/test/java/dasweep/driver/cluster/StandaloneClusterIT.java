package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.Main;
import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sweeps submitted with spark-submit (the application jar) to a real standalone cluster on this machine: a master
 * and two workers of one core, each its own JVM, started once for the class. The same sweep as local mode; an
 * executor killed mid-stage; the driver killed mid-stage, then {@code --resume}; a second run into the same output
 * refused while the first holds it. The cluster is locked down as {@code conf/spark-cluster.properties.template} says
 * (authentication with a secret cluster.sh generates, encrypted RPC and I/O, no UI): a client with another secret is
 * refused, and a credential given as {@code --conf} leaks nowhere.
 */
@Tag("cluster")
class StandaloneClusterIT {
    /** 1 network of 1000 images × 1 epoch, 4 trials of 256 pairs: the equality check. */
    static final String TINY = """
            name: tiny
            data: {n_train: 256, n_eval: 200, data_seed: 1, n_test: 500}
            objectives:
              - {name: equal, coefficients: [0.4, 0.4, 0.4], threshold: 0.6}
            networks:
              trained: {count: 1, images: 1000, epochs: 1, lr: 1.0e-3, batch: 128, seed: 100}
            grid:
              variables: [[circularity], [color]]
              sites:
                - {layer: conv1, view: rows, k: [16]}
                - {layer: fc1, view: flat, k: [1]}
              interventions: [low_rank]
              multi_source: [false]
              lr: [1.0e-3]
              epochs: [1]
              batch: [128]
              seeds: [0]
            """;
    /** 6 trials long enough (1000 pairs × 2 epochs) to kill something while they run. */
    static final String FAULTS = TINY.replace("name: tiny", "name: faults").replace("n_train: 256", "n_train: 1000")
            .replace("n_eval: 200", "n_eval: 500").replace("[[circularity], [color]]", "[[circularity], [color], [area]]")
            .replace("epochs: [1]", "epochs: [2]");
    static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) trials computed \\((\\d+) failed\\), (\\d+) already done, (\\d+) adopted from staging");
    static final Duration RUN_LIMIT = Duration.ofMinutes(8);

    static Cluster cluster;
    static Path dir;
    static SparkSession reader;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start("standalone", 2, null);
        dir = cluster.dir.resolve("runs");
        Files.createDirectories(dir);
    }

    @AfterAll
    static void stop() {
        stopReader();
        if (cluster != null) {
            cluster.close();
        }
    }

    static SparkSession reader() throws IOException {
        if (reader == null) {
            reader = SparkSessions.create("local[1]", "cluster-it-reader", SparkSessions.settings(null, Map.of()));
        }
        return reader;
    }

    static void stopReader() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    static Path sweep(String name, String text) throws IOException {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, text);
        return f;
    }

    static List<Row> rows(Path out, String sweep) throws IOException {
        return reader().read().parquet(out.resolve("trials").toString()).where("sweep = '" + sweep + "'")
                .select("trial_id", "iia", "status", "executor_id", "threads").collectAsList();
    }

    static Map<String, Double> iiaById(List<Row> rows) {
        Map<String, Double> m = new HashMap<>();
        rows.forEach(r -> assertEquals(null, m.put(r.getString(0), r.getDouble(1)), "trial_id twice: " + r));
        return m;
    }

    static Matcher summary(Path log) throws IOException {
        Matcher m = SUMMARY.matcher(Files.readString(log));
        assertTrue(m.find(), () -> "no summary line in " + log);
        return m;
    }

    @Test
    void theSameTrialsAndIiasAsLocalModeAndASecondRunIntoTheSameOutputIsRefused() throws Exception {
        Path sweep = sweep("tiny", TINY);
        Path local = dir.resolve("tiny-local");
        Path remote = dir.resolve("tiny-cluster");
        stopReader();                                   // the local run makes (and stops) its own session
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(System.out, true), new PrintWriter(err, true), "run", sweep.toString(),
                "--out", local.toString(), "--master", "local[2]", "--conf", "spark.dasweep.threadsPerTask=1",
                "--no-progress");
        assertEquals(0, code, err.toString());

        Path log = dir.resolve("tiny-cluster.log");
        Process submit = Cluster.launch(cluster.submit(sweep, remote), log);
        Cluster.await("the cluster run's lock", Duration.ofMinutes(3),
                () -> Files.exists(remote.resolve("_lock")) || !submit.isAlive());
        // a second run of the same sweep into the same output, while the first holds it: one line, exit 1
        StringWriter refused = new StringWriter();
        int second = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(refused, true), "run",
                sweep.toString(), "--out", remote.toString(), "--master", "local[2]", "--no-progress");
        assertEquals(1, second, refused.toString());
        assertEquals(1, refused.toString().strip().lines().count(), refused.toString());
        assertTrue(refused.toString().matches("(?s)dasweep: output \\S+ is in use by run \\d{8}T\\d{6}-\\w{8} "
                + "\\(sweep tiny, host .*, pid " + submit.pid() + ", .*\\n"), refused.toString());

        assertTrue(submit.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS), Cluster.tail(log));
        assertEquals(0, submit.exitValue(), Cluster.tail(log));
        assertFalse(Files.exists(remote.resolve("_lock")), "released");
        Matcher m = summary(log);
        assertEquals("4", m.group(1));

        List<Row> a = rows(local, "tiny");
        List<Row> b = rows(remote, "tiny");
        Map<String, Double> la = iiaById(a);
        Map<String, Double> lb = iiaById(b);
        assertEquals(4, la.size());
        assertEquals(la.keySet(), lb.keySet(), "the same trial_ids (network sha256 included)");
        la.forEach((id, iia) -> assertEquals(iia, lb.get(id), 1e-6, id));
        assertTrue(a.stream().allMatch(r -> r.getString(3).equals("driver") && r.getInt(4) == 1), a.toString());
        assertTrue(b.stream().allMatch(r -> r.getString(2).equals("OK") && !r.getString(3).equals("driver")
                && r.getInt(4) == 1), b.toString());
    }

    /** A local output folder as the fault cases look at it. */
    static ClusterCases.Output local(Path out) {
        return new ClusterCases.Output() {
            @Override
            public long staged() {
                return Cluster.count(out.resolve("_staging"), ".json");
            }

            @Override
            public long visibleParquet() {
                try {
                    return partFilesVisible(out);
                } catch (IOException e) {
                    return 0;                       // files come and go while a run writes
                }
            }

            @Override
            public boolean locked() {
                return Files.exists(out.resolve("_lock"));
            }

            @Override
            public List<Row> rows(String sweep) throws IOException {
                return StandaloneClusterIT.rows(out, sweep);
            }
        };
    }

    @Test
    void anExecutorKilledMidStageCostsNothing() throws Exception {
        Path out = dir.resolve("faults-executor");
        ClusterCases.anExecutorKilledMidStageCostsNothing(cluster, local(out),
                cluster.submit(sweep("faults-executor", FAULTS), out), dir.resolve("faults-executor.log"));
    }

    @Test
    void aKilledDriverIsResumedWithOnlyTheMissingTrials() throws Exception {
        Path sweep = sweep("faults-driver", FAULTS);
        Path out = dir.resolve("faults-driver");
        ClusterCases.aKilledDriverIsResumedWithOnlyTheMissingTrials(cluster, local(out),
                more -> cluster.submit(sweep, out, more), dir.resolve("faults-driver-1.log"),
                dir.resolve("faults-driver-2.log"));
    }

    @Test
    void aCredentialGivenAsConfAppearsNowhereAndTheClusterSecretOnlyInItsFiles() throws Exception {
        String marker = "dasweep-marker-" + UUID.randomUUID();
        Path sweep = sweep("marker", TINY.replace("name: tiny", "name: marker"));
        Path out = dir.resolve("marker");
        Path log = dir.resolve("marker.log");
        int code = Cluster.runToEnd(cluster.submit(sweep, out, "--conf", "spark.hadoop.fs.s3a.secret.key=" + marker),
                log, RUN_LIMIT);
        assertEquals(0, code, Cluster.tail(log));
        // the output store, the daemons' logs, the executors' stdout/stderr, the driver's stdout/stderr
        assertEquals(List.of(), Cluster.filesContaining(marker, out, cluster.dir.resolve("logs"),
                cluster.dir.resolve("work"), log));
        Properties p = new Properties();
        try (var in = Files.newInputStream(cluster.secret())) {
            p.load(in);
        }
        String secret = p.getProperty("spark.authenticate.secret");
        assertTrue(secret != null && secret.length() >= 32, "a generated secret");
        assertEquals(List.of(cluster.dir.resolve("daemon.properties"), cluster.secret()),
                Cluster.filesContaining(secret, cluster.dir).stream().sorted().toList(),
                "the cluster's secret is in its two properties files only");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(cluster.secret()));
    }

    @Test
    void aClientWithoutTheClusterSecretIsRefused() throws Exception {
        Path wrong = dir.resolve("wrong-secret.properties");
        Files.writeString(wrong, "spark.authenticate=true\nspark.authenticate.secret=" + UUID.randomUUID() + "\n");
        Path sweep = sweep("intruder", TINY.replace("name: tiny", "name: intruder"));
        Path out = dir.resolve("intruder");
        Path log = dir.resolve("intruder.log");
        int code = Cluster.runToEnd(Cluster.submitTo(cluster.url, wrong, sweep, out), log, RUN_LIMIT);
        assertEquals(1, code, Cluster.tail(log));
        assertTrue(Files.readString(log).contains("dasweep: run failed: "), Cluster.tail(log));
        assertFalse(Files.readString(cluster.dir.resolve("logs/master.log")).contains("Registering app dasweep intruder"),
                "the master never accepted the application");
        assertEquals(0, partFilesVisible(out));
    }

    /** Parquet part files of {@code <out>/trials} outside a job's {@code _temporary} folder. */
    static long partFilesVisible(Path out) throws IOException {
        Path trials = out.resolve("trials");
        if (!Files.isDirectory(trials)) {
            return 0;
        }
        try (var s = Files.walk(trials)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .filter(p -> !trials.relativize(p).toString().contains("_temporary")).count();
        }
    }
}
