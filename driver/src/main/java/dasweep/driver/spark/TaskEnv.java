package dasweep.driver.spark;

import java.io.IOException;
import java.net.InetAddress;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import scala.Tuple2;

/** What a task can learn of where it runs: host, executor, assigned GPU, the Hadoop configuration. */
public final class TaskEnv {
    private TaskEnv() {
    }

    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }

    /** The GPU Spark assigned to this task (its first address), or null: the engine's default device. */
    public static String assignedGpu() {
        TaskContext context = TaskContext.get();
        if (context == null || !context.resourcesJMap().containsKey("gpu")) {
            return null;
        }
        String[] addresses = context.resourcesJMap().get("gpu").addresses();
        return addresses.length == 0 ? null : addresses[0];
    }

    /** The Hadoop configuration inside a task: defaults plus the {@code spark.hadoop.*} properties. */
    public static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> kv : env.conf().getAllWithPrefix("spark.hadoop.")) {
                conf.set(kv._1(), kv._2());
            }
        }
        return conf;
    }
}
