package dasweep.executor;

import dasweep.executor.spec.Objective;
import dasweep.executor.spec.TrialResult;
import dasweep.executor.spec.TrialSpec;

import dasweep.executor.spec.TrialFailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.executor.weights.NetworkWeights;
import dasweep.executor.weights.Tensor;
import dasweep.executor.weights.WeightsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trials that cannot give a meaningful number fail with the reason, rather than put NaN in an OK row. */
class TrialFailureTest {
    static TrialResult result(List<Double> losses, double orthogonality) {
        return new TrialResult(0.8, 0.5, 0.9, losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1), losses,
                orthogonality, List.of(), 1, 1, "cpu()", 1);
    }

    @Test
    void aNonFiniteLossFailsWithItsEpoch() {
        TrialFailure f = assertThrows(TrialFailure.class,
                () -> TrialFailure.checkFinite(result(List.of(0.6, Double.NaN, Double.NaN), 1e-6)));
        assertEquals("training diverged: the loss is NaN at epoch 2 of 3", f.getMessage());
        assertThrows(TrialFailure.class, () -> TrialFailure.checkFinite(result(List.of(0.6), Double.POSITIVE_INFINITY)));
        TrialResult fine = result(List.of(), 0);   // vanilla: nothing trained, final loss NaN by definition
        assertSame(fine, TrialFailure.checkFinite(fine));
    }

    /** A network whose finite but huge weights overflow to non-finite outputs. */
    static byte[] hugeWeights() {
        NetworkWeights random = TestNetworks.random(3);
        Map<String, Tensor> scaled = new LinkedHashMap<>();
        random.tensors().forEach((name, t) -> {
            float[] data = t.data().clone();
            for (int i = 0; i < data.length; i++) {
                data[i] *= 1e30f;
            }
            scaled.put(name, new Tensor(t.shape(), data));
        });
        return NetworkWeights.of(scaled, "huge").toSafetensors();
    }

    @Test
    void aNetworkWithNonFiniteOutputsIsRefusedAtImportAndFailsATrial() {
        byte[] huge = hugeWeights();
        WeightsException e = assertThrows(WeightsException.class,
                () -> DasEngine.importBase(huge, "huge.safetensors", Objective.EQUAL, 200, 1, 1));
        assertTrue(e.getMessage().contains("non-finite outputs on test images"), e.getMessage());
        TrialSpec tiny = TrialSpec.builder().nTrain(64).nEval(64).epochs(1).build();
        TrialFailure f = assertThrows(TrialFailure.class, () -> DasEngine.runTrial(tiny, huge, 1));
        assertTrue(f.getMessage().contains("non-finite"), f.getMessage());
    }

    @Test
    void aTrialWhosePoolsCannotFitFailsBeforeAllocatingThem() {
        TrialSpec huge = TrialSpec.builder().nTrain(dasweep.executor.spec.Limits.MAX_IMAGES).build();   // 8.7 GB of pools
        TrialFailure f = assertThrows(TrialFailure.class,
                () -> DasEngine.runTrial(huge, TestNetworks.random(3).toSafetensors(), 1));
        assertTrue(f.getMessage().startsWith("needs about "), f.getMessage());
        assertTrue(TrialMemory.bytes(huge) > TrialMemory.bytes(TrialSpec.builder().build()));
    }
}
