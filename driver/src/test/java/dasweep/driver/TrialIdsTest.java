package dasweep.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dasweep.executor.data.Objective;
import dasweep.executor.model.Flatten;
import org.junit.jupiter.api.Test;

/** Store keys of imported networks: the flatten layout enters only when it is channels_last. */
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
}
