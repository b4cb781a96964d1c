package dasweep.driver.run;

import dasweep.driver.sweep.NetworkRef;
import dasweep.driver.trial.NetworkJob;

import dasweep.driver.trial.TrialIds;
import dasweep.driver.spark.NetworkStore;
import dasweep.driver.trial.StoredNetwork;
import dasweep.driver.spark.TaskEnv;
import dasweep.driver.sweep.Grid;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.DasEngine;
import dasweep.executor.spec.Flatten;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: every base network of the sweep in the output store. Imported networks (read and measured on the
 * driver before Spark started, see {@link Imports}) are stored; trained ones missing from the store are
 * trained as Spark jobs of one task each, submitted together, so that each is ready (and its trials can start,
 * {@link TrialQueue}) as soon as it is trained; the rest are reused.
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

    /**
     * @param ready told the networks as they become ready (the stored and imported ones first, then each trained one),
     *              on the calling thread or on one of the stage's job threads
     * @param count the run's progress: told the networks as they become ready
     */
    public static Result run(SparkSession spark, List<NetworkRef> refs, Imports imports, NetworkStore store,
                             int threads, String group, TrialCount count,
                             Consumer<Map<Integer, StoredNetwork>> ready)
            throws IOException {
        Map<Integer, StoredNetwork> stored = new LinkedHashMap<>();
        Map<String, NetworkJob> toTrain = new LinkedHashMap<>();
        Map<String, List<Integer>> trainedOrdinals = new HashMap<>();   // recipe hash -> the refs built from it
        int built = 0;
        for (NetworkRef ref : refs) {
            String key = ref.trained() ? TrialIds.recipeHash(ref.recipe()) : imports.key(ref);
            if (ref.trained()) {
                trainedOrdinals.computeIfAbsent(key, k -> new ArrayList<>()).add(ref.ordinal());
            }
            BaseNetwork fresh = ref.trained() ? null : imports.network(ref);
            if (fresh != null) {
                store.put(new StoredNetwork(key, ref.name(), "imported", fresh.sha256(), fresh.testAccuracy(),
                        List.of(), 0, "driver", "driver", ref.imported().flatten().id()), fresh.safetensors());
                built++;
            }
            StoredNetwork found = store.lookup(key);
            if (found != null) {
                stored.put(ref.ordinal(), found);
            } else {
                toTrain.putIfAbsent(key, new NetworkJob(key, ref.name(), ref.recipe()));
            }
        }
        LOG.info("stage 1: {} base networks: {} imported, {} to train, {} reused from the store", refs.size(), built,
                toTrain.size(), refs.size() - toTrain.size() - built);
        Map<Integer, StoredNetwork> all = new ConcurrentHashMap<>(stored);
        count.networksReady(stored.size(), false);
        ready.accept(Map.copyOf(stored));
        Train task = new Train(store.uri(), threads);
        try (ConcurrentJobs jobs = new ConcurrentJobs(spark.sparkContext(), group)) {
            // the cheap ones first: an untrained counterpart (0 epochs) is ready in seconds, and Spark's FIFO
            // scheduler gives the earlier job the free slots
            List<NetworkJob> order = new ArrayList<>(toTrain.values());
            order.sort(java.util.Comparator.comparing((NetworkJob j) -> !j.recipe().untrained()));
            for (NetworkJob job : order) {
                jobs.submit(() -> {
                    StoredNetwork trained = train(spark, job, task, group);
                    Map<Integer, StoredNetwork> now = new LinkedHashMap<>();
                    trainedOrdinals.get(job.key()).forEach(ordinal -> now.put(ordinal, trained));
                    all.putAll(now);
                    count.networksReady(now.size(), true);
                    ready.accept(now);
                });
            }
            jobs.await();
        }
        built += toTrain.size();
        for (NetworkRef ref : refs) {
            StoredNetwork n = all.get(ref.ordinal());
            if (n.testAccuracy() < CHANCE && ref.untrainedOf() == null) { // an untrained control is at chance by design
                LOG.warn(chanceWarning(ref, n.testAccuracy()));
            }
        }
        return new Result(new TreeMap<>(all), built);
    }

    /** Test accuracy below which a base network is reported as close to chance. */
    static final double CHANCE = 0.6;

    /** The warning for a network close to chance; for an imported one, with its likely causes. */
    static String chanceWarning(NetworkRef ref, double testAccuracy) {
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

    /** One network as a Spark job of one task, on the calling thread (the job group is the thread's). */
    private static StoredNetwork train(SparkSession spark, NetworkJob job, Train task, String group) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobGroup(group, "stage 1: train base network " + job.name(), false);
        try {
            return jsc.parallelize(List.of(job), 1).map(task::run).collect().get(0);
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
