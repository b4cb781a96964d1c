package dasweep.driver.cluster;

import dasweep.driver.spark.SparkSessions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A real storage server for the storage tier, through the script users run ({@code deploy/storage/store.sh}): HDFS (a
 * NameNode and two DataNodes, replication 2) or S3 (S3Proxy, path-style, generated credentials), each daemon its own
 * JVM on the address given. Everything lives under {@code driver/target/storage-it/<name>}; {@link #close()} stops
 * it by PID (a shutdown hook too).
 */
final class Store implements AutoCloseable {
    final String kind;
    final Path dir;
    /** Where outputs go: {@code hdfs://127.0.0.1:P/dasweep} or {@code s3a://dasweep/out}. */
    final String base;
    private final Daemons daemons;
    private Configuration hadoop;

    private Store(String kind, Path dir, String base) {
        this.kind = kind;
        this.dir = dir;
        this.base = base;
        this.daemons = new Daemons(List.of("deploy/storage/store.sh", "stop", dir.toString()));
    }

    /**
     * Starts a store of {@code kind} ({@code hdfs} or {@code s3}) under {@code driver/target/storage-it/<name>},
     * listening on {@code host} (an address of this machine: 127.0.0.1, or the bridge of {@link IsolatedHosts}).
     */
    static Store start(String kind, String name, String host) throws IOException, InterruptedException {
        Path dir = Cluster.repo().resolve("driver/target/storage-it").resolve(name);
        if (Files.exists(dir.resolve("pids"))) {                 // left by an earlier, killed test run
            Cluster.script(List.of("deploy/storage/store.sh", "stop", dir.toString()), Duration.ofMinutes(1));
        }
        Cluster.deleteTree(dir);
        Files.createDirectories(dir);
        String out = Cluster.script(List.of("deploy/storage/store.sh", "start", kind, dir.toString(), "--host", host),
                Duration.ofMinutes(5));
        String base = out.strip().lines().reduce((a, b) -> b).orElse("");
        if (!base.startsWith(kind.equals("s3") ? "s3a://" : "hdfs://")) {
            throw new IllegalStateException("store.sh start did not print an output URI: " + out);
        }
        return new Store(kind, dir, base);
    }

    /** An output folder on the store. */
    String out(String name) {
        return base + "/" + name;
    }

    /** The store's own Spark properties (endpoint, credentials), written by store.sh (mode 600). */
    Path storeProperties() {
        return dir.resolve("spark.properties");
    }

    /** {@code conf} followed by the store's properties, as one file for {@code --spark-conf} (mode 600). */
    Path runConf(Path conf) throws IOException {
        Path f = dir.resolve("run-" + conf.getFileName());
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, Files.readString(conf) + "\n" + Files.readString(storeProperties()));
        return f;
    }

    /** The cluster template with the store's properties. */
    Path clusterConf() throws IOException {
        return runConf(Cluster.repo().resolve("conf/spark-cluster.properties.template"));
    }

    /** The local-mode properties with the store's properties. */
    Path localConf() throws IOException {
        return runConf(Cluster.repo().resolve("conf/spark-local.properties"));
    }

    /** The Hadoop configuration a client of this store needs (the S3A committer's keys included). */
    synchronized Configuration hadoop() throws IOException {
        if (hadoop == null) {
            hadoop = SparkSessions.forOutput(SparkSessions.settings(clusterConf(), Map.of()), base).hadoop();
        }
        return hadoop;
    }

    FileSystem fs() throws IOException {
        return new org.apache.hadoop.fs.Path(base).getFileSystem(hadoop());
    }

    boolean exists(String uri) {
        try {
            return fs().exists(new org.apache.hadoop.fs.Path(uri));
        } catch (IOException e) {
            return false;
        }
    }

    /** Files under {@code uri} whose name ends with {@code suffix} (hidden ones and {@code _temporary} skipped). */
    long count(String uri, String suffix) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            if (!fs().exists(p)) {
                return 0;
            }
            long n = 0;
            RemoteIterator<LocatedFileStatus> it = fs().listFiles(p, true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.Path f = it.next().getPath();
                String name = f.getName();
                if (name.endsWith(suffix) && !name.startsWith(".") && !name.startsWith("_")
                        && !f.toString().contains("/_temporary/") && !f.toString().contains("/__magic")) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return 0;                                   // files come and go while a run writes
        }
    }

    /** The bytes of a file on the store. */
    byte[] read(String uri) throws IOException {
        try (InputStream in = fs().open(new org.apache.hadoop.fs.Path(uri))) {
            return in.readAllBytes();
        }
    }

    /**
     * {@code kill -9} of one daemon ({@code namenode}, {@code datanode-1}, {@code datanode-2}, {@code s3proxy}) by the
     * PID store.sh recorded, from this JVM (no script in between: the kill lands within a millisecond); returns once
     * the signal is sent, the daemon's end is {@link ProcessHandle#onExit()}'s.
     */
    ProcessHandle kill(String daemon) throws IOException {
        ProcessHandle p = ProcessHandle.of(pid(daemon)).orElseThrow(() -> new IllegalStateException(daemon + " is "
                + "not running"));
        p.destroyForcibly();                        // SIGKILL
        return p;
    }

    /** The PID of one daemon, as store.sh recorded it. */
    long pid(String daemon) throws IOException {
        return Files.readAllLines(dir.resolve("pids")).stream().map(l -> l.strip().split("\\s+"))
                .filter(f -> f.length == 2 && f[0].equals(daemon)).map(f -> Long.parseLong(f[1])).findFirst()
                .orElseThrow(() -> new IllegalStateException("no daemon " + daemon + " in " + dir.resolve("pids")));
    }

    /** Starts a killed daemon again (same port, same data). */
    void restart(String daemon) throws IOException, InterruptedException {
        Cluster.script(List.of("deploy/storage/store.sh", "restart", dir.toString(), daemon), Duration.ofMinutes(1));
    }

    @Override
    public void close() {
        daemons.close();
    }
}
