package dasweep.driver;

import dasweep.driver.trial.TrialIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dasweep.executor.spec.BaseNetworkSpec;
import dasweep.executor.spec.Objective;
import dasweep.executor.spec.Flatten;
import dasweep.executor.spec.Init;
import dasweep.executor.spec.LrSchedule;
import org.junit.jupiter.api.Test;

/**
 * Store keys: of imported networks, the flatten layout enters only when it is channels_last; of trained ones, the
 * learning-rate schedule only when it is not constant.
 */
class TrialIdsTest {
    private static final String FILE = "ab".repeat(32);

    @Test
    void channelsFirstImportKeepsTheKeyOfEarlierVersions() {
        // sha256 of {"kind":"imported","file_sha256":"abab…","coefficients":[0.4,0.4,0.4],"threshold":0.6,
        // "n_test":1000,"seed":1}, the canonical JSON written before the layout existed
        String before = "2496dd14945578eadfab49e04f0ea209c6582673ddab4281265f2f5101e3920e";
        assertEquals(before, TrialIds.importHash(FILE, Objective.EQUAL, 1000, 1));
        assertEquals(before, TrialIds.importHash(FILE, Flatten.CHANNELS_FIRST, Objective.EQUAL, 1000, 1));
    }

    @Test
    void channelsLastImportHasItsOwnKey() {
        assertNotEquals(TrialIds.importHash(FILE, Flatten.CHANNELS_FIRST, Objective.EQUAL, 1000, 1),
                TrialIds.importHash(FILE, Flatten.CHANNELS_LAST, Objective.EQUAL, 1000, 1));
    }

    @Test
    void constantScheduleKeepsTheRecipeKeyOfEarlierVersions() {
        // sha256 of {"kind":"trained","coefficients":[0.4,0.4,0.4],"threshold":0.6,"images":100000,"epochs":5,
        // "lr":0.001,"batch_size":256,"n_test":10000,"seed":0}, the canonical JSON written before schedules existed
        BaseNetworkSpec constant = new BaseNetworkSpec(Objective.EQUAL, 100_000, 5, 1e-3, 256, 10_000, 0);
        assertEquals(BEFORE, TrialIds.recipeHash(constant));
    }

    @Test
    void warmupRecipeIsAnotherNetwork() {
        BaseNetworkSpec warmup = new BaseNetworkSpec(Objective.EQUAL, 100_000, 5, 1e-3, 256, 10_000, 0,
                LrSchedule.WARMUP, null);
        assertNotEquals(BEFORE, TrialIds.recipeHash(warmup));
    }

    @Test
    void kerasInitIsAnotherNetworkAndPytorchInitKeepsTheKey() {
        BaseNetworkSpec pytorch = new BaseNetworkSpec(Objective.EQUAL, 100_000, 5, 1e-3, 256, 10_000, 0, null,
                Init.PYTORCH);
        BaseNetworkSpec keras = new BaseNetworkSpec(Objective.EQUAL, 100_000, 5, 1e-3, 256, 10_000, 0, null,
                Init.KERAS);
        assertEquals(BEFORE, TrialIds.recipeHash(pytorch));
        assertNotEquals(BEFORE, TrialIds.recipeHash(keras));
    }

    private static final String BEFORE = "1d02a9b0fc6815857ece0a051dc0016ce94d09848c13dd6f3f11185b4bd15794";
}
