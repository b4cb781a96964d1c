package dasweep.executor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dasweep.executor.BaseNetwork;
import dasweep.executor.BaseNetworkSpec;
import dasweep.executor.SpecException;
import dasweep.executor.data.Objective;
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
    void warmupCosineWarmsUpThenDecaysTowardsZeroOverTheRemainingSteps() {
        // 4 steps per epoch, 12 in all: warmup on steps 0-3, then lr·(1 + cos(π·j/8))/2 for j = 0..7
        double[] expected = {0.25e-3, 0.5e-3, 0.75e-3, 1e-3, 1e-3, 0.9619e-3, 0.8536e-3, 0.6913e-3, 0.5e-3, 0.3087e-3,
            0.1464e-3, 0.0381e-3};
        for (int s = 0; s < expected.length; s++) {
            assertEquals(expected[s], LrSchedule.WARMUP_COSINE.rate(1e-3, s, 4, 12), 1e-7, "step " + s);
        }
        assertEquals(1e-3, LrSchedule.WARMUP_COSINE.rate(1e-3, 3, 4, 4), 0.0, "one epoch: warmup only");
    }

    @Test
    void unknownScheduleIsRejectedNamingFieldAndValue() {
        SpecException e = assertThrows(SpecException.class, () -> LrSchedule.parse("lr_schedule", "cosine"));
        assertEquals("lr_schedule: unknown learning-rate schedule, expected one of constant, warmup, warmup_cosine (found 'cosine')",
                e.getMessage());
        assertEquals(LrSchedule.WARMUP, LrSchedule.parse("lr_schedule", " Warmup "));
        assertEquals(LrSchedule.WARMUP_COSINE, LrSchedule.parse("lr_schedule", "warmup_cosine"));
    }

    @Test
    void recipeWithoutScheduleIsConstant() {
        BaseNetworkSpec spec = new BaseNetworkSpec(Objective.EQUAL, 512, 1, 1e-3, 256, 200, 3);
        assertEquals(LrSchedule.CONSTANT, spec.schedule());
        assertEquals(spec, new BaseNetworkSpec(Objective.EQUAL, 512, 1, 1e-3, 256, 200, 3, null));
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
        return BaseTrainer.train(new BaseNetworkSpec(Objective.EQUAL, 512, 2, 1e-3, 256, 200, 3, schedule), 1,
                Device.cpu());
    }
}
