package dasweep.driver.spark;

import dasweep.executor.DasEngine;
import dasweep.executor.spec.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession from a properties file ({@code conf/spark-local.properties} by default), the
 * master and command-line overrides. Kryo with {@code registrationRequired} and dasweep's registrator are
 * always set.
 */
public final class SparkSessions {
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)(,\\d+)?]");

    /**
     * The Spark properties of a run (file, then {@code --conf}), and the Hadoop configuration their
     * {@code spark.hadoop.*} entries make, for the driver's own reads before Spark starts.
     */
    public record Settings(Map<String, String> properties, Configuration hadoop) {
    }

    /**
     * The S3A committer through Spark's {@code spark-hadoop-cloud} module (the magic committer: task output is written
     * as multipart uploads that no reader sees, completed only when the job commits; nothing is renamed). The same
     * lines are in {@code conf/spark-cluster.properties.template} and the Kubernetes manifests. For {@code file://}
     * and {@code hdfs://} outputs {@code PathOutputCommitProtocol} uses Hadoop's FileOutputCommitter (v1, from
     * {@code mapreduce.fileoutputcommitter.algorithm.version=1}).
     */
    public static final Map<String, String> S3A_COMMITTER = Map.of(
            "spark.sql.sources.commitProtocolClass", "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
            "spark.sql.parquet.output.committer.class",
            "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter",
            "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
            "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
            "spark.hadoop.fs.s3a.committer.name", "magic",
            "spark.hadoop.fs.s3a.committer.magic.enabled", "true");

    private SparkSessions() {
    }

    /**
     * {@code settings} for a run whose output is {@code outUri}: on {@code s3a://} the S3A committer
     * ({@link #S3A_COMMITTER}) is added where the properties do not choose a commit protocol themselves, so that a run
     * with {@code conf/spark-local.properties} never commits to S3 by renaming (a copy there, not atomic).
     */
    public static Settings forOutput(Settings settings, String outUri) {
        if (!outUri.startsWith("s3a:") || settings.properties().containsKey("spark.sql.sources.commitProtocolClass")) {
            return settings;
        }
        Map<String, String> all = new LinkedHashMap<>(settings.properties());
        S3A_COMMITTER.forEach(all::putIfAbsent);
        Configuration hadoop = new Configuration(settings.hadoop());
        all.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                hadoop.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return new Settings(Map.copyOf(all), hadoop);
    }

    /** {@code conf/spark-local.properties} under {@code -Ddasweep.home}, or found walking up from the working dir. */
    public static Path defaultConf() {
        String home = System.getProperty("dasweep.home");
        if (home != null) {
            return Path.of(home, "conf", "spark-local.properties");
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("conf").resolve("spark-local.properties");
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        return null;
    }

    /**
     * The properties of {@code file} (null: the default file) overridden by {@code overrides}; a key of the file that
     * is also a system property (spark-submit passes its {@code --master} and {@code --conf} that way) takes the
     * system property's value.
     */
    public static Settings settings(Path file, Map<String, String> overrides) throws IOException {
        Properties props = new Properties();
        Path source = file != null ? file : defaultConf();
        if (source != null) {
            try (InputStream in = Files.newInputStream(source)) {
                props.load(in);
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        // the file holds defaults: a spark.* system property (what spark-submit's --master and --conf become) wins
        props.stringPropertyNames().forEach(k -> all.put(k, System.getProperty(k, props.getProperty(k)).trim()));
        all.putAll(storeProperties(System.getenv(STORE_CONF)));
        all.putAll(overrides);
        Configuration hadoop = new Configuration();
        all.forEach((k, v) -> {
            if (k.startsWith("spark.hadoop.")) {
                hadoop.set(k.substring("spark.hadoop.".length()), v);
            }
        });
        return new Settings(Map.copyOf(all), hadoop);
    }

    /**
     * The environment variable naming a properties file of the output store's settings (endpoint, credentials:
     * {@code spark.hadoop.*}), added to every command's Spark properties after its {@code --spark-conf} file, so that
     * {@code report}, {@code compare} and {@code export} read an {@code hdfs://} or {@code s3a://} table as {@code run}
     * wrote it ({@code deploy/storage/store.sh} writes such a file).
     */
    public static final String STORE_CONF = "DASWEEP_STORE_CONF";

    /** The properties of {@code file} (empty when null or blank). */
    static Map<String, String> storeProperties(String file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (file == null || file.isBlank()) {
            return m;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException e) {
            throw new IOException(STORE_CONF + "=" + file + ": " + e, e);
        }
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }

    /**
     * A session; {@code master} (the {@code --master} option) wins over {@code spark.master} from the settings
     * (spark-submit's {@code --master}, else the file's), then the system property, then {@code local[*]}.
     */
    public static SparkSession create(String master, String appName, Settings settings) {
        Map<String, String> props = settings.properties();
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        props.forEach(b::config);
        b.master(master != null ? master : props.getOrDefault("spark.master",
                System.getProperty("spark.master", "local[*]")));
        b.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        b.config("spark.kryo.registrationRequired", "true");
        String user = props.get("spark.kryo.registrator");
        b.config("spark.kryo.registrator", user == null || user.isBlank() ? DasweepKryo.class.getName()
                : user + "," + DasweepKryo.class.getName());
        b.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        // libtorch's OpenMP environment for executor JVMs (OMP_WAIT_POLICY=PASSIVE), unless the settings give one
        DasEngine.nativeEnvironment().forEach((k, v) -> {
            if (!props.containsKey("spark.executorEnv." + k)) {
                b.config("spark.executorEnv." + k, v);
            }
        });
        return b.getOrCreate();
    }

    /**
     * The memory one executor has for trials: this JVM's heap in local mode, else {@code spark.executor.memory}
     * (Spark's default 1g). {@code master} null takes {@code spark.master} from the settings.
     */
    public static long executorMemory(String master, Settings settings) {
        String m = master != null ? master : settings.properties().getOrDefault("spark.master",
                System.getProperty("spark.master", "local[*]"));
        if (m.startsWith("local")) {
            return Runtime.getRuntime().maxMemory();
        }
        try {
            return dasweep.driver.sweep.MemoryCheck.parseSize(settings.properties()
                    .getOrDefault("spark.executor.memory", "1g"));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;    // Spark itself refuses the property, in one line
        }
    }

    /**
     * Tasks this session runs at once (see {@link #taskSlots(String, int, String, String, String, int)}). The packing
     * rule keeps at least this many tasks.
     */
    public static int taskSlots(SparkSession spark) {
        var conf = spark.conf();
        return taskSlots(spark.sparkContext().master(), Runtime.getRuntime().availableProcessors(),
                conf.get("spark.task.cpus", "1"), conf.get("spark.executor.instances", ""),
                conf.get("spark.executor.cores", ""), spark.sparkContext().defaultParallelism());
    }

    /**
     * Tasks that run at once: N in {@code local[N]} (the cores for {@code local[*]}, 1 for {@code local}); on a
     * cluster, {@code spark.executor.instances} × {@code spark.executor.cores} ÷ {@code spark.task.cpus} when both are
     * set, else Spark's default parallelism (the cores of the executors registered, or
     * {@code spark.default.parallelism}) ÷ {@code spark.task.cpus}; at least 1.
     */
    public static int taskSlots(String master, int cores, String taskCpus, String executors, String executorCores,
                                int defaultParallelism) {
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            return Math.max(1, m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1)));
        }
        if (master.equals("local")) {
            return 1;
        }
        int cpus = Math.max(1, parse(taskCpus, 1));
        int instances = parse(executors, 0);
        int perExecutor = parse(executorCores, 0);
        int total = instances > 0 && perExecutor > 0 ? instances * perExecutor : defaultParallelism;
        return Math.max(1, total / cpus);
    }

    private static int parse(String text, int otherwise) {
        try {
            return text == null || text.isBlank() ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Threads per task for this session (see {@link #threadsPerTask(String, int, String, String)}). */
    public static int threadsPerTask(SparkSession spark) {
        return threadsPerTask(spark.sparkContext().master(), Runtime.getRuntime().availableProcessors(),
                spark.conf().get("spark.task.cpus", "1"), spark.conf().get(DasweepProperties.THREADS_PER_TASK, ""));
    }

    /**
     * The engine's intra-op threads per task, so that concurrent tasks do not oversubscribe the cores:
     * {@code spark.dasweep.threadsPerTask} when set; in {@code local[N]}, cores ÷ N (at least 1); in {@code local},
     * all cores; on a cluster, {@code spark.task.cpus} (the cores Spark reserves for each task).
     */
    public static int threadsPerTask(String master, int cores, String taskCpus, String override) {
        if (override != null && !override.isBlank()) {
            return Limits.threads(override, DasweepProperties.THREADS_PER_TASK);
        }
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            int slots = m.group(1).equals("*") ? cores : Integer.parseInt(m.group(1));
            return Math.max(1, cores / Math.max(1, slots));
        }
        if (master.equals("local")) {
            return Math.max(1, cores);
        }
        return Math.max(1, Integer.parseInt(taskCpus.trim()));
    }
}
