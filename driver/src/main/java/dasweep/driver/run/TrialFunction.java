package dasweep.driver.run;

import dasweep.executor.DasEngine;
import dasweep.executor.TrialResult;
import dasweep.executor.TrialSpec;
import java.io.Serializable;

/**
 * Runs one trial on a network given as safetensors bytes. The trials stage takes it as a parameter: the engine
 * in production ({@link #ENGINE}), functions that fail, crash or stall in tests.
 */
@FunctionalInterface
public interface TrialFunction extends Serializable {
    /** The DAS engine. */
    TrialFunction ENGINE = DasEngine::runTrial;

    /**
     * @param device the GPU address Spark assigned to the task, or null for the engine's default device
     */
    TrialResult run(TrialSpec spec, byte[] network, int threads, String device) throws Exception;
}
