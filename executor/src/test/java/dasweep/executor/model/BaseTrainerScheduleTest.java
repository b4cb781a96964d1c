package dasweep.executor.model;

import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dasweep.executor.spec.BaseNetwork;
import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.SpecException;
import dasweep.executor.spec.Objective;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The base trainer's learning-rate schedules ({@code networks.trained.lr_schedule}). */
class BaseTrainerScheduleTest {

    @Test
    void constantIsTheRecipeRateAtEveryStep() {
        IntStream.range(0, 20).forEach(s -> assertEquals(1e-3, LrSchedule.CONSTANT.rate(1e-3, s, 4, 20), 0.0));
    }

    @Test
    void warmupRisesLinearlyOverTheFirstEpochThenStays() {
        double[] rates = IntStream.range(0, 10).mapToDouble(s -> LrSchedule.WARMUP.rate(1e-3, s, 4, 10)).toArray();
        double[] expected = {0.25e-3, 0.5e-3, 0.75e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 1e-3};
        for (int s = 0; s < rates.length; s++) {
            assertEquals(expected[s], rates[s], 1e-15, "step " + s);
        }
    }

    @Test
    void warmupCosineWarmsUpThenFallsAlongHalfACosineToNearZero() {
        double[] rates = IntStream.range(0, 12).mapToDouble(s -> LrSchedule.WARMUP_COSINE.rate(1e-3, s, 4, 12))
                .toArray();
        double[] expected = {0.25e-3, 0.5e-3, 0.75e-3, 1e-3, 1e-3, 0.5e-3 * (1 + Math.cos(Math.PI / 8)),
                0.5e-3 * (1 + Math.cos(Math.PI / 4)), 0.5e-3 * (1 + Math.cos(3 * Math.PI / 8)), 0.5e-3,
                0.5e-3 * (1 + Math.cos(5 * Math.PI / 8)), 0.5e-3 * (1 + Math.cos(3 * Math.PI / 4)),
                0.5e-3 * (1 + Math.cos(7 * Math.PI / 8))};
        for (int s = 0; s < rates.length; s++) {
            assertEquals(expected[s], rates[s], 1e-15, "step " + s);
        }
    }

    @Test
    void unknownScheduleIsRejectedNamingFieldAndValue() {
        SpecException e = assertThrows(SpecException.class, () -> LrSchedule.parse("lr_schedule", "cosine"));
        assertEquals("lr_schedule: unknown learning-rate schedule, expected one of constant, warmup, warmup_cosine (found 'cosine')",
                e.getMessage());
        assertEquals(LrSchedule.WARMUP, LrSchedule.parse("lr_schedule", " Warmup "));
    }

    @Test
    void warmupRestartsARunWithFewerThanTwoFc1UnitsAfterEpochOneAndConstantNeverAsks() {
        BaseNetworkSpec warmup = new BaseNetworkSpec(Objective.EQUAL, 512, 5, 1e-3, 256, 200, 3, LrSchedule.WARMUP,
                null);
        BaseNetworkSpec constant = new BaseNetworkSpec(Objective.EQUAL, 512, 5, 1e-3, 256, 200, 3);
        assertEquals("1 of fc1's 3 units alive after epoch 1 (the warmup recipe needs 2)",
                Restarts.reason(warmup, 1, 0.3, () -> 1));
        assertNull(Restarts.reason(warmup, 1, 0.3, () -> 2));
        assertNull(Restarts.reason(warmup, 2, 0.3, () -> 0), "checked after epoch 1 only");
        assertNull(Restarts.reason(constant, 1, 0.3, () -> {
            throw new AssertionError("a constant recipe does not count fc1 units");
        }));
        BaseNetworkSpec oneEpoch = new BaseNetworkSpec(Objective.EQUAL, 512, 1, 1e-3, 256, 200, 3, LrSchedule.WARMUP,
                null);
        assertNull(Restarts.reason(oneEpoch, 1, 0.3, () -> 0), "never after the last epoch");
    }

    @Test
    void plateauRuleIsUnchanged() {
        BaseNetworkSpec constant = new BaseNetworkSpec(Objective.EQUAL, 512, 5, 1e-3, 256, 200, 3);
        assertEquals("stuck on the plateau (loss ≥ 0.65 after 2 epochs)", Restarts.reason(constant, 2, 0.65, () -> 3));
        assertNull(Restarts.reason(constant, 2, 0.64, () -> 3));
        assertNull(Restarts.reason(new BaseNetworkSpec(Objective.EQUAL, 512, 2, 1e-3, 256, 200, 3), 2, 0.69, () -> 3));
    }

    @Test
    void recipeWithoutScheduleIsConstant() {
        BaseNetworkSpec spec = new BaseNetworkSpec(Objective.EQUAL, 512, 1, 1e-3, 256, 200, 3);
        assertEquals(LrSchedule.CONSTANT, spec.schedule());
        assertEquals(Init.PYTORCH, spec.init());
        assertEquals(spec, new BaseNetworkSpec(Objective.EQUAL, 512, 1, 1e-3, 256, 200, 3, null, null));
    }

    @Test
    void warmupTrainsADifferentNetworkAndConstantTheSameOne() {
        // 2 epochs of 2 steps: warmup runs its first two steps at half and full rate, constant at full rate
        BaseNetwork constant = train(LrSchedule.CONSTANT);
        BaseNetwork again = BaseTrainer.train(new BaseNetworkSpec(Objective.EQUAL, 512, 2, 1e-3, 256, 200, 3), 1,
                Device.cpu());
        BaseNetwork warmup = train(LrSchedule.WARMUP);
        assertEquals(constant.sha256(), again.sha256(), "the default schedule is constant");
        assertNotEquals(constant.sha256(), warmup.sha256());
    }

    private static BaseNetwork train(LrSchedule schedule) {
        return BaseTrainer.train(new BaseNetworkSpec(Objective.EQUAL, 512, 2, 1e-3, 256, 200, 3, schedule, null), 1,
                Device.cpu());
    }
}
