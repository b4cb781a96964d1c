package dasweep.driver.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dasweep.driver.TrialIds;
import dasweep.executor.BaseNetwork;
import dasweep.executor.BaseNetworkSpec;
import dasweep.executor.DasEngine;
import dasweep.executor.TrialResult;
import dasweep.executor.TrialSpec;
import dasweep.executor.data.Objective;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The code that runs inside Spark tasks: stage 1 (train a base network), stage 2 (one DAS trial). */
public final class Tasks {
    private static final Logger LOG = LoggerFactory.getLogger("dasweep.task");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tasks() {
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }

    /** The GPU Spark assigned to this task (its first address), or null: the engine's default device. */
    static String assignedGpu() {
        TaskContext context = TaskContext.get();
        if (context == null || !context.resourcesJMap().containsKey("gpu")) {
            return null;
        }
        String[] addresses = context.resourcesJMap().get("gpu").addresses();
        return addresses.length == 0 ? null : addresses[0];
    }

    /** Stage 1: trains one base network and writes it to the store. */
    public static NetworkInfo train(NetworkTask t) throws IOException {
        Objective o = new Objective(t.objective, Arrays.stream(t.coefficients).boxed().toList(), t.threshold);
        BaseNetworkSpec spec = new BaseNetworkSpec(o, t.images, t.epochs, t.lr, t.batch, t.nTest, t.seed);
        BaseNetwork net = DasEngine.trainBase(spec, t.threads);
        NetworkInfo info = new NetworkInfo();
        info.key = t.key;
        info.name = t.name;
        info.source = "trained";
        info.sha256 = net.sha256();
        info.testAccuracy = net.testAccuracy();
        info.epochLosses = net.epochLosses().stream().mapToDouble(Double::doubleValue).toArray();
        info.trainSeconds = net.trainSeconds();
        info.host = host();
        info.executorId = executorId();
        new NetworkStore(t.storeUri, NetworkStore.taskConf()).put(info, net.safetensors());
        LOG.info("network {} trained: test accuracy {}, {} s", t.name, String.format("%.4f", info.testAccuracy),
                String.format("%.1f", info.trainSeconds));
        return info;
    }

    /** Stage 2: runs one trial; any exception becomes a FAILED row. The row is also staged as JSON. */
    public static TrialRow trial(TrialTask t) throws IOException {
        TrialRow row = t.row.copy();
        long start = System.currentTimeMillis();
        row.startedAtMillis = start;
        row.host = host();
        row.executorId = executorId();
        row.threads = t.threads;
        Configuration conf = NetworkStore.taskConf();
        try {
            if (t.injectFailure) {
                throw new IllegalStateException("injected failure (spark.dasweep.test.failTrials)");
            }
            TrialSpec spec = TrialIds.parseSpec(t.specJson);
            byte[] weights = new NetworkStore(t.storeUri, conf).read(t.networkKey, row.networkSha256);
            TrialResult r = DasEngine.runTrial(spec, weights, t.threads, assignedGpu());
            row.iia = r.iia();
            row.trivialIia = r.trivialIia();
            row.baseAccuracy = r.baseAccuracy();
            row.finalLoss = r.finalLoss();
            row.epochLosses = r.epochLosses().stream().mapToDouble(Double::doubleValue).toArray();
            row.orthogonalityError = r.orthogonalityError();
            row.epochSeconds = r.epochSeconds().stream().mapToDouble(Double::doubleValue).toArray();
            row.trainSeconds = r.trainSeconds();
            row.evalSeconds = r.evalSeconds();
            row.device = r.device();
            row.threads = r.threads();
            row.djlVersion = DasEngine.djlVersion();
            row.pytorchVersion = DasEngine.pytorchVersion();
            row.status = "OK";
        } catch (Exception | LinkageError | AssertionError e) {
            row.status = "FAILED";
            row.error = e.getClass().getName() + ": " + e.getMessage();
        }
        row.wallSeconds = (System.currentTimeMillis() - start) / 1000.0;
        if ("OK".equals(row.status)) {
            LOG.info("trial {} {} {} {}/{} {} k={}{}: iia {} ({} s)", row.cellIndex, row.network, row.variableSet,
                    row.layer, row.view, row.intervention, row.k, row.multiSource ? " multi" : "",
                    String.format("%.4f", row.iia), String.format("%.1f", row.wallSeconds));
        } else {
            LOG.warn("trial {} {} {} {}/{} {} k={}{}: FAILED {}", row.cellIndex, row.network, row.variableSet,
                    row.layer, row.view, row.intervention, row.k, row.multiSource ? " multi" : "", row.error);
        }
        Path staged = new Path(t.stagingUri, row.trialId + ".json");
        NetworkStore.writeAtomically(staged.getFileSystem(conf), staged, JSON.writeValueAsBytes(row));
        return row;
    }
}
