package dasweep.driver.run;

import dasweep.driver.TrialIds;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.spark.Progress;
import dasweep.driver.spark.StoredNetwork;
import dasweep.driver.spark.TaskEnv;
import dasweep.driver.sweep.Grid;
import dasweep.executor.BaseNetwork;
import dasweep.executor.DasEngine;
import dasweep.executor.model.Flatten;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: every base network of the sweep in the output store. Imported networks (read and measured on the
 * driver before Spark started, see {@link Imports}) are stored; trained ones missing from the store are
 * trained as Spark tasks, one per network; the rest are reused.
 */
public final class NetworksStage {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.run");

    /**
     * @param networks the stored network of each network ordinal
     * @param built    how many this run trained or imported
     */
    public record Result(Map<Integer, StoredNetwork> networks, int built) {
    }

    private NetworksStage() {
    }

    public static Result run(SparkSession spark, List<Grid.NetworkRef> refs, Imports imports, NetworkStore store,
                             int threads, String group, Progress.Factory progress) throws IOException {
        Map<Integer, StoredNetwork> ready = new LinkedHashMap<>();
        List<NetworkJob> toTrain = new ArrayList<>();
        int built = 0;
        for (Grid.NetworkRef ref : refs) {
            String key = ref.trained() ? TrialIds.recipeHash(ref.recipe()) : imports.key(ref);
            BaseNetwork fresh = ref.trained() ? null : imports.network(ref);
            if (fresh != null) {
                store.put(new StoredNetwork(key, ref.name(), "imported", fresh.sha256(), fresh.testAccuracy(),
                        List.of(), 0, "driver", "driver", ref.imported().flatten().id()), fresh.safetensors());
                built++;
            }
            StoredNetwork stored = store.lookup(key);
            if (stored != null) {
                ready.put(ref.ordinal(), stored);
            } else {
                toTrain.add(new NetworkJob(key, ref.name(), ref.recipe()));
            }
        }
        LOG.info("stage 1: {} base networks: {} imported, {} to train, {} reused from the store", refs.size(), built,
                toTrain.size(), refs.size() - toTrain.size() - built);
        if (!toTrain.isEmpty()) {
            Map<String, StoredNetwork> trained = train(spark, toTrain, new Train(store.uri(), threads), group,
                    progress).stream().collect(Collectors.toMap(StoredNetwork::key, Function.identity()));
            for (Grid.NetworkRef ref : refs) {
                ready.computeIfAbsent(ref.ordinal(), o -> trained.get(TrialIds.recipeHash(ref.recipe())));
            }
            built += trained.size();
        }
        for (Grid.NetworkRef ref : refs) {
            StoredNetwork n = ready.get(ref.ordinal());
            if (n.testAccuracy() < CHANCE && ref.untrainedOf() == null) { // an untrained control is at chance by design
                LOG.warn(chanceWarning(ref, n.testAccuracy()));
            }
        }
        return new Result(ready, built);
    }

    /** Test accuracy below which a base network is reported as close to chance. */
    static final double CHANCE = 0.6;

    /** The warning for a network close to chance; for an imported one, with its likely causes. */
    static String chanceWarning(Grid.NetworkRef ref, double testAccuracy) {
        String head = "network " + ref.name() + " has test accuracy " + String.format("%.3f", testAccuracy)
                + ": close to chance, its trials say little";
        if (ref.trained()) {
            return head;
        }
        Flatten flatten = ref.imported().flatten();
        Flatten other = flatten == Flatten.CHANNELS_FIRST ? Flatten.CHANNELS_LAST : Flatten.CHANNELS_FIRST;
        return head + "; imported with flatten " + flatten.id() + " and objective " + ref.objective().name()
                + ": likely a wrong flatten layout (try flatten: " + other.id() + ") or wrong objective";
    }

    private static List<StoredNetwork> train(SparkSession spark, List<NetworkJob> jobs, Train task, String group,
                                             Progress.Factory progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobGroup(group, "stage 1: train " + jobs.size() + " base networks", false);
        try (Progress p = progress.open(group, "networks", jobs.size(), () -> 0)) {
            return jsc.parallelize(jobs, jobs.size()).map(task::run).collect();
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** What runs inside one stage-1 task: train, store, describe. */
    record Train(String storeUri, int threads) implements Serializable {
        StoredNetwork run(NetworkJob job) throws IOException {
            BaseNetwork net = DasEngine.trainBase(job.recipe(), threads);
            StoredNetwork info = new StoredNetwork(job.key(), job.name(), job.recipe().untrained() ? "untrained" : "trained",
                    net.sha256(), net.testAccuracy(),
                    net.epochLosses(), net.trainSeconds(), TaskEnv.host(), TaskEnv.executorId());
            new NetworkStore(storeUri, TaskEnv.hadoopConf()).put(info, net.safetensors());
            LoggerFactory.getLogger("dasweep.task").info("network {} trained: test accuracy {}, {} s", job.name(),
                    String.format("%.4f", info.testAccuracy()), String.format("%.1f", info.trainSeconds()));
            return info;
        }
    }
}
