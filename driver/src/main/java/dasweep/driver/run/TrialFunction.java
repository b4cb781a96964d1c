package dasweep.driver.run;

import dasweep.executor.DasEngine;
import dasweep.executor.spec.PackedTrial;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;
import java.io.Serializable;
import java.util.List;

/**
 * Runs one trial on a network given as safetensors bytes. The trials stage takes it as a parameter: the engine
 * in production ({@link #ENGINE}), functions that fail, crash or stall in tests.
 */
@FunctionalInterface
public interface TrialFunction extends Serializable {
    /** The DAS engine: packs run side by side ({@link DasEngine#runPack}), a pack of one is {@link DasEngine#runTrial}. */
    TrialFunction ENGINE = new Engine();

    /**
     * @param device the GPU address Spark assigned to the task, or null for the engine's default device
     */
    TrialResult run(TrialSpec spec, byte[] network, int threads, String device) throws Exception;

    /**
     * Runs a pack (trials that share network and {@link dasweep.executor.spec.PackKey}), telling {@code listener} of each
     * member as it finishes. This default runs the members one after another with {@link #run}, each exception
     * (or {@link OutOfMemoryError}) failing only its own member, as the task boundary would; other errors end the
     * task. The engine overrides it to train the members side by side.
     */
    default void runPack(List<TrialSpec> specs, byte[] network, int threads, String device,
                         PackedTrial.Listener listener) throws Exception {
        for (int i = 0; i < specs.size(); i++) {
            PackedTrial done;
            try {
                done = PackedTrial.ok(i, run(specs.get(i), network, threads, device));
            } catch (Exception | LinkageError | AssertionError | OutOfMemoryError e) {
                done = PackedTrial.failed(i, e);
            }
            listener.finished(List.of(done));
        }
    }

    /** {@link #ENGINE}'s class. */
    final class Engine implements TrialFunction {
        private static final long serialVersionUID = 1L;

        private Engine() {
        }

        @Override
        public TrialResult run(TrialSpec spec, byte[] network, int threads, String device) {
            return DasEngine.runTrial(spec, network, threads, device);
        }

        @Override
        public void runPack(List<TrialSpec> specs, byte[] network, int threads, String device,
                            PackedTrial.Listener listener) {
            DasEngine.runPack(specs, network, threads, device, listener);
        }

        private Object readResolve() {
            return ENGINE;
        }
    }
}
