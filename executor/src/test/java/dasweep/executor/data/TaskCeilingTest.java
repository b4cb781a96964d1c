package dasweep.executor.data;

import dasweep.executor.spec.Objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCeilingTest {
    @Test
    void theColorIsSeenExactlySoATaskOnColorAloneCanBeSolvedWithoutError() {
        assertEquals(1.0, TaskCeiling.accuracy(new Objective("color", List.of(0.0, 1.0, 0.0), 0.5)), 1e-12);
    }

    @Test
    void thePapersObjectivesCannotBeSolvedExactlyFromTheirPixels() {
        // the values a first, separate enumeration gave (one pass over every circularity × area × rotation × color,
        // no aggregation); Prefer Circularity is the hardest: circularity is the variable the 28×28 grid hides most
        assertEquals(0.97993, TaskCeiling.accuracy(Objective.EQUAL), 1e-5);
        assertEquals(0.97748, TaskCeiling.accuracy(new Objective("pc", List.of(0.5, 0.4, 0.3), 0.6)), 1e-5);
        assertEquals(0.98257, TaskCeiling.accuracy(new Objective("pa", List.of(0.3, 0.4, 0.5), 0.6)), 1e-5);
    }

    @Test
    void aTaskOnCircularityAloneIsHarderThanOneOnAreaAlone() {
        double circularity = TaskCeiling.accuracy(new Objective("c", List.of(1.0, 0.0, 0.0), 0.5));
        double area = TaskCeiling.accuracy(new Objective("a", List.of(0.0, 0.0, 1.0), 0.5));
        assertTrue(circularity < area && area < 1 && circularity > 0.5, circularity + " vs " + area);
    }

    @Test
    void roundingIntervalsAreCutAtTheEndsOfTheRange() {
        assertEquals(0.005 / 0.7, TaskCeiling.weight(0.3, 0.3, 1.0), 1e-15);
        assertEquals(0.01 / 0.7, TaskCeiling.weight(0.31, 0.3, 1.0), 1e-15);
        assertEquals(0.0, TaskCeiling.weight(1.01, 0.3, 1.0), 0.0);
    }
}
