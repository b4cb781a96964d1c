package dasweep.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Control cells are matched to the DAS cell they control, and never count as DAS. No Spark. */
class PanelControlsTest {
    /** A cell of sweep s, objective equal, {color}: the key in {@link CellSql#KEY} order. */
    static Cell cell(String layer, String intervention, int k, int epochs, String control, double mean) {
        List<String> key = new ArrayList<>(List.of("s", "equal", "color", layer, "rows", intervention,
                String.valueOf(k), "false", "5.0E-4", String.valueOf(epochs), "256", "1000", "500",
                control == null ? "" : control));
        assertEquals(CellSql.KEY.size(), key.size());
        return new Cell(key, 2, 2, mean, 0.01, 0.6, 0.01);
    }

    @Test
    void controlsSitBesideTheirDasCell() {
        Cell das64 = cell("conv1", "low_rank", 64, 2, null, 0.90);
        Cell das16 = cell("conv1", "low_rank", 16, 2, null, 0.85);
        Cell rr64 = cell("conv1", "low_rank", 64, 0, "random_rotation", 0.70);
        Cell rr16 = cell("conv1", "low_rank", 16, 0, "random_rotation", 0.66);
        Cell un64 = cell("conv1", "low_rank", 64, 2, "untrained_network", 0.50);
        Cell vanilla = cell("conv1", "vanilla", 448, 2, null, 0.95);
        Panel p = Panel.of(List.of(das16, das64, rr16, rr64, un64, vanilla)).get(0);
        assertTrue(das64.das());
        assertFalse(rr64.das(), "a control is not DAS");
        assertFalse(un64.das());
        assertEquals(List.of("low_rank"), p.dasKinds());
        assertEquals(das64, p.bestDas().orElseThrow());
        assertEquals(das64, p.best("conv1", "low_rank").orElseThrow(), "controls are not the best low_rank cell");
        assertEquals(List.of("random_rotation", "untrained_network"), p.controls());
        assertEquals(rr64, p.control(das64, "random_rotation").orElseThrow(), "epochs 0 matches any epochs");
        assertEquals(rr16, p.control(das16, "random_rotation").orElseThrow());
        assertEquals(un64, p.control(das64, "untrained_network").orElseThrow());
        assertTrue(p.control(das16, "untrained_network").isEmpty());
        assertTrue(p.control(cell("conv1", "low_rank", 64, 3, null, 0.9), "untrained_network").isEmpty(),
                "an untrained network's cell has the DAS cell's epochs");
        assertEquals(List.of(16, 64), p.ks());
    }
}
