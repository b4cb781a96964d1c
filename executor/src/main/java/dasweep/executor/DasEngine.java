package dasweep.executor;

import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Hashes;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.Seeds;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.TrialFailure;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dasweep.executor.das.DasTrainer;
import dasweep.executor.das.PackTrainer;
import dasweep.executor.das.SubspaceEval;
import dasweep.executor.spec.Subspace;
import dasweep.executor.spec.Objective;
import dasweep.executor.model.BaseTrainer;
import dasweep.executor.spec.Flatten;
import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.torch.NativeEnv;
import java.util.List;

/**
 * The engine's front door: everything the driver (or the CLI) asks of it. It knows nothing of
 * Spark; networks travel as safetensors bytes, and every heavy object (NDManager, model) is
 * created and closed inside each call, on the calling thread, so calls may run concurrently on
 * different threads of one JVM.
 */
public final class DasEngine {
    static {
        NativeEnv.apply();   // before anything here can load libtorch: its OpenMP reads the environment once
    }

    private DasEngine() {
    }

    /**
     * The environment libtorch's OpenMP runtime must see when it loads ({@link NativeEnv}): the driver hands it to
     * Spark executors as {@code spark.executorEnv.*}.
     */
    public static java.util.Map<String, String> nativeEnvironment() {
        return NativeEnv.VARIABLES;
    }

    /** Runs one DAS trial on the network given as safetensors bytes, with {@code threads} intra-op threads. */
    public static TrialResult runTrial(TrialSpec spec, byte[] safetensors, int threads) {
        return runTrial(spec, safetensors, threads, null);
    }

    /**
     * As {@link #runTrial(TrialSpec, byte[], int)}, on a named device: {@code null} for the default,
     * {@code "cpu"}, or a GPU index such as {@code "0"} (the address Spark assigned to the task).
     */
    public static TrialResult runTrial(TrialSpec spec, byte[] safetensors, int threads, String device) {
        SpecException.positive(threads, "threads");
        checkHeap(spec);
        NetworkWeights weights = NetworkWeights.read(safetensors, "network");
        return TrialFailure.checkFinite(DasTrainer.run(spec, weights, threads, device(device)));
    }

    /**
     * Runs a pack: trials that share this network and a {@link PackKey} (objective, site, view, sources, batch
     * size, data), trained side by side on one site-activation cache ({@link PackTrainer}). {@code listener} hears of
     * the members as they finish (a member that diverges fails alone, as a {@link PackedTrial} with its failure); an
     * exception out of this method is a failure of the whole pack (every member not yet reported). A pack of one is
     * exactly {@link #runTrial}.
     */
    public static void runPack(List<TrialSpec> specs, byte[] safetensors, int threads, String device,
                               PackedTrial.Listener listener) {
        SpecException.check(specs != null && !specs.isEmpty(), "pack", "must hold at least one trial", specs);
        if (specs.size() == 1) {
            TrialResult result;
            try {
                result = runTrial(specs.get(0), safetensors, threads, device);
            } catch (TrialFailure e) {
                listener.finished(List.of(PackedTrial.failed(0, e)));
                return;
            }
            listener.finished(List.of(PackedTrial.ok(0, result)));
            return;
        }
        SpecException.positive(threads, "threads");
        checkHeap(specs.get(0));
        NetworkWeights weights = NetworkWeights.read(safetensors, "network");
        PackTrainer.run(specs, weights, threads, device(device), listener);
    }

    /**
     * Applies a stored subspace again, without training, to {@code spec}'s evaluation pairs ({@code heldout} false:
     * gives the trial's IIA back) or to its held-out pairs (true: its {@code iia_heldout}), on the network given as
     * safetensors bytes.
     */
    public static double reapply(TrialSpec spec, byte[] safetensors, Subspace subspace, boolean heldout, int threads,
                                 String device) {
        SpecException.positive(threads, "threads");
        NetworkWeights weights = NetworkWeights.read(safetensors, "network");
        return SubspaceEval.reapply(spec, weights, subspace, heldout, threads, device(device));
    }

    /** Refuses a trial (or a pack: its pools are shared) whose image pools do not fit the heap this JVM has free. */
    private static void checkHeap(TrialSpec spec) {
        long heap = TrialMemory.heapBytes(spec);
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (heap > free) {
            throw new TrialFailure("needs about " + TrialMemory.human(heap) + " of heap for its image pools "
                    + "(n_train + n_eval = " + ((long) spec.data().nTrain() + spec.data().nEval()) + "), more than the "
                    + TrialMemory.human(free) + " this JVM has free");
        }
    }

    /** The device named {@code null} (default), {@code "cpu"}, or a GPU index. */
    public static Device device(String name) {
        if (name == null || name.isBlank()) {
            return defaultDevice();
        }
        if (name.equalsIgnoreCase("cpu")) {
            return Device.cpu();
        }
        try {
            return Device.gpu(Integer.parseInt(name.trim()));
        } catch (NumberFormatException e) {
            throw new SpecException("device", "must be cpu or a GPU index", "'" + name + "'");
        }
    }

    /** Trains a base network from scratch. */
    public static BaseNetwork trainBase(BaseNetworkSpec spec, int threads) {
        SpecException.positive(threads, "threads");
        return BaseTrainer.train(spec, threads, defaultDevice());
    }

    /**
     * Imports a weights file ({@code .pth} state_dict or {@code .safetensors}, told apart by content),
     * validates it against the CNN and measures its test accuracy on {@code nTest} fresh images.
     *
     * @param source the file's name, for error messages
     * @throws dasweep.executor.weights.WeightsException when the file is not a valid network
     */
    public static BaseNetwork importBase(byte[] fileBytes, String source, Objective objective, int nTest, long seed,
                                         int threads) {
        return importBase(fileBytes, source, Flatten.CHANNELS_FIRST, objective, nTest, seed, threads);
    }

    /**
     * As {@link #importBase(byte[], String, Objective, int, long, int)}, for a file whose {@code fc1} reads the
     * conv3 output in {@code flatten} order: its columns are permuted to the CNN's channels-first order once, here,
     * so the returned network (and its sha256) is an ordinary channels-first one.
     */
    public static BaseNetwork importBase(byte[] fileBytes, String source, Flatten flatten, Objective objective,
                                         int nTest, long seed, int threads) {
        SpecException.positive(threads, "threads");
        NetworkWeights weights = NetworkWeights.read(fileBytes, source).toChannelsFirst(flatten);
        double accuracy;
        try {
            accuracy = BaseTrainer.accuracy(weights, objective, nTest, Seeds.derive(seed, "base-test"), threads,
                    defaultDevice());
        } catch (TrialFailure e) {
            throw new dasweep.executor.weights.WeightsException(source, e.getMessage());
        }
        byte[] bytes = weights.toSafetensors();
        return new BaseNetwork(bytes, Hashes.sha256(bytes), accuracy, List.of(), 0);
    }

    /** The device trials run on by default: the first GPU when the CUDA natives are present, else the CPU. */
    public static Device defaultDevice() {
        return Engine.getEngine("PyTorch").defaultDevice();
    }

    /** The DJL version on the classpath. */
    public static String djlVersion() {
        return Engine.getDjlVersion();
    }

    /** The PyTorch (libtorch) version DJL loaded. */
    public static String pytorchVersion() {
        return Engine.getEngine("PyTorch").getVersion();
    }
}
