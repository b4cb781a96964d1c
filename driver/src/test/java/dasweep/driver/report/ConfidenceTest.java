package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The t quantiles behind the 95% intervals (the README quotes them). */
class ConfidenceTest {
    @Test
    void studentTQuantiles() {
        assertEquals(12.7062, Confidence.t975(2), 1e-4);
        assertEquals(4.3027, Confidence.t975(3), 1e-4);
        assertEquals(3.1824, Confidence.t975(4), 1e-4);
        assertEquals(2.7764, Confidence.t975(5), 1e-4);
        assertEquals(2.5706, Confidence.t975(6), 1e-4);
        assertEquals(2.2622, Confidence.t975(10), 1e-4);
    }

    @Test
    void halfWidthIsTTimesTheStandardError() {
        assertEquals(4.302652729911275 * 0.02 / Math.sqrt(3), Confidence.halfWidth(3, 0.02), 1e-9); // the solver is accurate to ~1e-9
        assertTrue(Double.isNaN(Confidence.halfWidth(1, null)), "no interval from one network");
        assertTrue(Double.isNaN(Confidence.halfWidth(4, null)));
    }
}
