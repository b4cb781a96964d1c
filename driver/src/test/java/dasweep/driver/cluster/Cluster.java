package dasweep.driver.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine for the cluster tier, through the same scripts users run
 * ({@code deploy/standalone/cluster.sh}, {@code deploy/spark-submit}): a master and N workers of 1 core and 2g,
 * each its own JVM, on a free port (on 127.0.0.1, or each on its own host of {@link IsolatedHosts}); runs are
 * submitted as separate processes (so a test can kill the driver).
 * Everything lives under {@code driver/target/cluster-it/<name>}.
 */
final class Cluster implements AutoCloseable {
    final Path dir;
    final String url;
    private final Daemons daemons;

    private Cluster(Path dir, String url) {
        this.dir = dir;
        this.url = url;
        this.daemons = new Daemons(List.of("deploy/standalone/cluster.sh", "stop", dir.toString()));
    }

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("conf/jvm.options"))) {
                return p;
            }
        }
        throw new IllegalStateException("conf/jvm.options not found above " + Path.of("").toAbsolutePath());
    }

    static Path appJar() {
        Path jar = repo().resolve("driver/target/dasweep-app.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the cluster tier runs after `mvn package` "
                    + "(mvn verify runs it in integration-test)");
        }
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The environment of every script the tests start: use the build as it is, never rebuild. */
    static void environment(ProcessBuilder pb) {
        Map<String, String> env = pb.environment();
        env.put("DASWEEP_NO_BUILD", "1");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("DASWEEP_SUBMIT_OPTS", "-Xmx1g");
    }

    /** Starts a master and {@code workers} workers (1 core, 2g each); {@code daemonConf}: their properties, or null. */
    static Cluster start(String name, int workers, Path daemonConf) throws IOException, InterruptedException {
        return start(name, workers, daemonConf, null);
    }

    /** The same with the master and each worker on its own host of {@code hosts} (null: all on 127.0.0.1). */
    static Cluster start(String name, int workers, Path daemonConf, IsolatedHosts hosts)
            throws IOException, InterruptedException {
        appJar();
        Path dir = repo().resolve("driver/target/cluster-it").resolve(name);
        Path pids = dir.resolve("pids");
        if (Files.exists(pids)) {                       // a cluster an earlier, killed test run left behind
            script(List.of("deploy/standalone/cluster.sh", "stop", dir.toString()), Duration.ofMinutes(1));
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("deploy/standalone/cluster.sh", "start", dir.toString(),
                "--workers", "" + workers, "--port", "" + freePort(), "--worker-cores", "1", "--worker-memory", "2g"));
        if (daemonConf != null) {
            cmd.addAll(List.of("--properties-file", daemonConf.toString()));
        }
        if (hosts != null) {
            cmd.addAll(List.of("--netns", hosts.dir.toString()));
        }
        String out = script(cmd, Duration.ofMinutes(4));
        String url = out.strip().lines().reduce((a, b) -> b).orElse("");
        if (!url.startsWith("spark://")) {
            throw new IllegalStateException("cluster.sh start did not print a master URL: " + out);
        }
        return new Cluster(dir, url);
    }

    /** Runs a script of the repository to its end; its output, or an exception when it fails. */
    static String script(List<String> cmd, Duration limit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo().toFile()).redirectErrorStream(true);
        environment(pb);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not end within " + limit);
        }
        String out = new String(bytes, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** The cluster's shared secret as spark-submit reads it ({@code --properties-file}), made by cluster.sh. */
    Path secret() {
        return dir.resolve("secret.properties");
    }

    /** The spark-submit command of {@code dasweep run SWEEP --out OUT} on this cluster, plus {@code more}. */
    List<String> submit(Path sweep, Path out, String... more) {
        return submitTo(url, secret(), sweep, out, more);
    }

    /** The same with the spark-submit properties (the secret) of {@code properties}. */
    static List<String> submitTo(String master, Path properties, Path sweep, Path out, String... more) {
        return submitTo(master, properties, sweep, out.toString(),
                repo().resolve("conf/spark-cluster.properties.template"), more);
    }

    /** The same into {@code out} (a path or Hadoop URI) with the run's Spark properties {@code sparkConf}. */
    static List<String> submitTo(String master, Path properties, Path sweep, String out, Path sparkConf,
                                 String... more) {
        List<String> cmd = new ArrayList<>(List.of("deploy/spark-submit", "--master", master,
                "--properties-file", properties.toString(),
                "--class", "dasweep.driver.Main", appJar().toString(),
                "run", sweep.toString(), "--out", out,
                "--spark-conf", sparkConf.toString(),
                "--conf", "spark.executor.cores=1", "--conf", "spark.task.cpus=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.dasweep.threadsPerTask=1", "--no-progress"));
        cmd.addAll(List.of(more));
        return cmd;
    }

    /** Starts {@code cmd} (from the repository root) with stdout and stderr into {@code log}. */
    static Process launch(List<String> cmd, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(pb);
        return pb.start();
    }

    /** Runs {@code cmd} to its end (at most {@code limit}); its exit code. */
    static int runToEnd(List<String> cmd, Path log, Duration limit) throws IOException, InterruptedException {
        Process p = launch(cmd, log);
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(cmd + " did not end within " + limit + "; log: " + tail(log));
        }
        return p.exitValue();
    }

    /** The last 40 lines of a log (for assertion messages). */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The PIDs of this cluster's executor JVMs (working folder under {@code work/}). */
    List<Long> executors() {
        Path work = dir.resolve("work").toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a))
                        .orElse("").contains("CoarseGrainedExecutorBackend"))
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", "" + p.pid(), "cwd")).startsWith(work);
                    } catch (IOException | UnsupportedOperationException e) {
                        return false;
                    }
                }).map(ProcessHandle::pid).toList();
    }

    /** The daemons' PIDs (master first). */
    List<Long> daemons() throws IOException {
        return Files.readAllLines(dir.resolve("pids")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }

    /** The files under {@code roots} (folders or files; jars skipped) that contain {@code text}. */
    static List<Path> filesContaining(String text, Path... roots) throws IOException {
        List<Path> hits = new ArrayList<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList()) {
                    String body = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    if (body.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                        hits.add(f);
                    }
                }
            }
        }
        return hits;
    }

    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("timed out after " + limit + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    static long count(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;                                   // files come and go while a run writes
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() {
        daemons.close();
    }
}
