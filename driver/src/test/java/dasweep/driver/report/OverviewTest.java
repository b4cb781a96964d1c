package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The overview marks a cell where DAS is not above its random-rotation control or the trivial IIA, interval-aware,
 * as the quickstart's fc1 cells are (DAS = random rotation = 0.7315, trivial 0.743). No Spark.
 */
class OverviewTest {
    static Cell cell(String layer, String variables, String control, double mean, double sd, double trivial) {
        List<String> key = new ArrayList<>(List.of("quickstart", "equal", variables, layer, "flat", "low_rank",
                "1", "false", "5.0E-4", control != null && control.equals("random_rotation") ? "0" : "2", "128", "2000",
                "1000", control == null ? "" : control));
        return new Cell(key, 2, 2, mean, sd, trivial, 0.002);
    }

    @Test
    void dasEqualToItsRandomRotationAndBelowTrivialIsMarked() {
        Cell fc1 = cell("fc1", "area", null, 0.7315, 0.001, 0.743);
        Cell fc1Random = cell("fc1", "area", "random_rotation", 0.7315, 0.001, 0.743);
        Cell conv1 = cell("conv1", "area", null, 0.95, 0.005, 0.743);
        Cell conv1Random = cell("conv1", "area", "random_rotation", 0.80, 0.005, 0.743);
        Panel p = Panel.of(List.of(conv1, conv1Random, fc1, fc1Random)).get(0);

        Overview.Entry weak = Overview.entry(p, "fc1").orElseThrow();
        assertFalse(weak.aboveRandom(), "DAS = its random rotation");
        assertFalse(weak.aboveTrivial(), "DAS below the trivial IIA");
        assertEquals(0.7315 - 0.743, weak.delta(), 1e-12, "DAS minus its best control (the trivial IIA here)");
        assertEquals("trivial", weak.bestControl());

        Overview.Entry clear = Overview.entry(p, "conv1").orElseThrow();
        assertTrue(clear.clear());
        assertEquals("random rotation", clear.bestControl());
        assertEquals(0.15, clear.delta(), 1e-12);

        Html h = new Html();
        Overview.write(h, List.of(p));
        String html = h.page("t");
        assertTrue(html.contains("0.7315 (-0.0115 vs trivial) ✗ rotation ✗ trivial"), html);
        assertTrue(html.contains("<b>0.9500 (+0.1500 vs random rotation)</b>"), html);
    }

    @Test
    void overlappingIntervalsAreNotAbove() {
        // means 0.80 and 0.78, but each ± about 0.03 with n = 2 (t = 12.7): the intervals overlap
        assertFalse(Overview.above(0.80, Confidence.halfWidth(2, 0.0025), 0.78, Confidence.halfWidth(2, 0.0025)));
        assertTrue(Overview.above(0.80, 0.005, 0.78, 0.005));
        assertFalse(Overview.above(0.80, Double.NaN, 0.80, Double.NaN), "one network: the mean must be higher");
    }
}
