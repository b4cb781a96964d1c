package dasweep.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code deploy/standalone/run-sweep.sh}: the cluster it starts is stopped by PID also when the sweep fails. */
@Tag("cluster")
class RunSweepScriptIT {
    static final Pattern DAEMON = Pattern.compile("Started daemon with process name: (\\d+)@");

    @Test
    void aFailingSweepStillStopsTheClusterItStarted() throws Exception {
        Path dir = Cluster.repo().resolve("driver/target/cluster-it/run-sweep");
        Cluster.deleteTree(dir);
        Files.createDirectories(dir);
        Path sweep = dir.resolve("bad.yaml");
        Files.writeString(sweep, StandaloneClusterIT.TINY.replace("k: [16]", "k: [500]"));
        Path out = dir.resolve("out");
        ProcessBuilder pb = new ProcessBuilder("deploy/standalone/run-sweep.sh", sweep.toString(), "--workers", "2",
                "--out", out.toString()).directory(Cluster.repo().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run-sweep.log").toFile());
        Cluster.environment(pb);
        pb.environment().put("CLUSTER_DIR", dir.resolve("cluster").toString());
        pb.environment().put("SPARK_PORT", "" + Cluster.freePort());
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String log = Files.readString(dir.resolve("run-sweep.log"));
        assertEquals(2, p.exitValue(), log);
        assertTrue(log.contains("grid.sites[0].k[0]: must be at most 448"), log);
        assertTrue(log.contains("run-sweep.sh: cluster spark://127.0.0.1:"), "the cluster was up: " + log);

        List<Long> pids = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir.resolve("cluster/logs"))) {
            for (Path l : logs.toList()) {
                Matcher m = DAEMON.matcher(Files.readString(l));
                assertTrue(m.find(), l.toString());
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        assertEquals(3, pids.size(), "a master and two workers: " + pids);
        Cluster.await("the daemons to end", Duration.ofSeconds(30),
                () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        assertFalse(Files.exists(dir.resolve("cluster/pids")));
        assertFalse(Files.exists(out), "bad input writes nothing");
    }
}
