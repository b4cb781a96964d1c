package dasweep.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 95% Wilson score interval of an IIA: known values, always inside [0, 1], around the IIA. */
class IiaIntervalTest {
    @Test
    void knownValues() {
        // Wilson, z = 1.959964: 859 of 1,000 → [0.8361, 0.8792]; 50 of 100 → [0.4038, 0.5962]
        double[] a = IiaInterval.of(0.859, 1000);
        assertEquals(0.8361, a[0], 1e-4);
        assertEquals(0.8792, a[1], 1e-4);
        double[] b = IiaInterval.of(0.5, 100);
        assertEquals(0.4038, b[0], 1e-4);
        assertEquals(0.5962, b[1], 1e-4);
    }

    @Test
    void neverOutsideZeroAndOneAndAlwaysAroundTheIia() {
        for (int n : new int[] {1, 7, 256, 1000}) {
            for (int hits = 0; hits <= n; hits++) {
                double iia = (double) hits / n;
                double[] ci = IiaInterval.of(iia, n);
                assertTrue(ci[0] >= 0 && ci[1] <= 1 && ci[0] <= iia && iia <= ci[1], n + " " + hits);
            }
        }
        assertEquals(1.0, IiaInterval.of(1.0, 1000)[1], 0.0);
        assertEquals(0.0, IiaInterval.of(0.0, 1000)[0], 0.0);
        assertTrue(IiaInterval.of(1.0, 1000)[0] > 0.996);
        assertThrows(IllegalArgumentException.class, () -> IiaInterval.of(1.5, 10));
    }
}
