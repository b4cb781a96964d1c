package dasweep.driver.spark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession from a properties file ({@code conf/spark-local.properties} by default), the
 * master and command-line overrides. Kryo with {@code registrationRequired} and the classes dasweep ships
 * are always set.
 */
public final class SparkSessions {
    /** Every class dasweep ships through Spark's serializer. */
    public static final String KRYO_CLASSES = String.join(",",
            TrialTask.class.getName(), TrialRow.class.getName(), NetworkTask.class.getName(),
            NetworkInfo.class.getName(), "[L" + TrialTask.class.getName() + ";", "[L" + TrialRow.class.getName() + ";",
            "[L" + NetworkTask.class.getName() + ";", "[L" + NetworkInfo.class.getName() + ";", "[D",
            "[Ljava.lang.String;",
            // Spark SQL's own types, shipped when a reader infers a Parquet schema (registrationRequired)
            "org.apache.spark.sql.types.StructType", "org.apache.spark.sql.types.StructField",
            "[Lorg.apache.spark.sql.types.StructField;", "org.apache.spark.sql.types.ArrayType",
            "org.apache.spark.sql.types.Metadata", "org.apache.spark.sql.types.StringType$",
            "org.apache.spark.sql.types.IntegerType$", "org.apache.spark.sql.types.LongType$",
            "org.apache.spark.sql.types.DoubleType$", "org.apache.spark.sql.types.BooleanType$",
            "org.apache.spark.sql.types.TimestampType$", "org.apache.spark.sql.types.TimestampNTZType$",
            "org.apache.spark.sql.types.DateType$", "org.apache.spark.sql.types.FloatType$",
            "org.apache.spark.sql.types.BinaryType$", "org.apache.spark.sql.types.MapType");

    private SparkSessions() {
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

    public static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        return props;
    }

    public static SparkSession create(String master, String appName, Properties props, Map<String, String> overrides) {
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        if (master != null) {
            b.master(master);
        }
        props.stringPropertyNames().forEach(k -> b.config(k, props.getProperty(k).trim()));
        overrides.forEach(b::config);
        String user = overrides.getOrDefault("spark.kryo.classesToRegister", props.getProperty("spark.kryo.classesToRegister"));
        b.config("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        b.config("spark.kryo.registrationRequired", "true");
        b.config("spark.kryo.classesToRegister", user == null || user.isBlank() ? KRYO_CLASSES : user + "," + KRYO_CLASSES);
        b.config("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        return b.getOrCreate();
    }
}
