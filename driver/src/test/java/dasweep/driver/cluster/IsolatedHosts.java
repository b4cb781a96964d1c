package dasweep.driver.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * Hosts that share nothing for the cluster tier, made by {@code deploy/standalone/netns.sh} (as
 * {@code run-sweep.sh --isolated} makes them): a network namespace each for the master, the driver and N workers, on a
 * bridge of their own whose address is where a store listens; each daemon also gets its own mount namespace (a
 * private {@code /tmp}; a worker sees only its own work folder). {@link #close()} removes them.
 */
final class IsolatedHosts implements AutoCloseable {
    static final String NETNS = "deploy/standalone/netns.sh";

    final Path dir;
    private final Map<String, String> env;
    private final Daemons daemons;

    private IsolatedHosts(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
        this.daemons = new Daemons(List.of(NETNS, "down", dir.toString()));
    }

    /** Skips the calling test class, in netns.sh's one line, where namespaces cannot be made here. */
    static void assumeAvailable() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(NETNS, "check").directory(Cluster.repo().toFile()).redirectErrorStream(true)
                .start();
        String why = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(p.waitFor() == 0, why);
    }

    /** A master, a driver and {@code workers} workers on a new bridge, under {@code driver/target/netns-it/<name>}. */
    static IsolatedHosts up(String name, int workers) throws IOException, InterruptedException {
        Path dir = Cluster.repo().resolve("driver/target/netns-it").resolve(name);
        Files.createDirectories(dir);
        Cluster.script(List.of(NETNS, "up", dir.toString(), "" + workers), Duration.ofMinutes(1));
        Map<String, String> env = Files.readAllLines(dir.resolve("netns.env")).stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
        return new IsolatedHosts(dir, env);
    }

    /** The bridge's own address: where the store listens, reachable from every host and from this JVM. */
    String bridge() {
        return env.get("NET_HOST");
    }

    /** The driver's address. */
    String driver() {
        return env.get("NET_driver");
    }

    /**
     * {@code cmd} run on the driver's host: in its namespaces, with Spark bound to its address. Every step
     * {@code exec}s the next, so the process started is the command's own (its PID is the driver JVM's).
     */
    List<String> onDriver(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of(NETNS, "exec", dir.toString(), "driver", "--", "env",
                "SPARK_LOCAL_IP=" + driver()));
        all.addAll(cmd);
        all.addAll(List.of("--conf", "spark.driver.host=" + driver()));
        return all;
    }

    @Override
    public void close() {
        daemons.close();
    }
}
