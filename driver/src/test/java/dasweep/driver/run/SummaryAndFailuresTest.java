package dasweep.driver.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dasweep.driver.BadSweepTest;
import dasweep.driver.sweep.SweepLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's text and a failed trial's error, without Spark. */
class SummaryAndFailuresTest {
    @TempDir
    Path tmp;

    @Test
    void summaryListsTheSweepsSetsAndLayersInDeclaredOrder() throws IOException {
        Path f = tmp.resolve("good.yaml");
        Files.writeString(f, BadSweepTest.GOOD);
        List<String> lines = Summary.lines(SweepLoader.load(f), List.of(new Summary.Best("color+area", "fc1", 0.75),
                new Summary.Best("circularity", "conv1", 0.9123)));
        assertEquals(List.of("best IIA per variable set × layer (sweep unit, all runs):",
                "variables       conv1      fc1",
                "circularity     0.912        -",
                "color+area          -    0.750"), lines);
    }

    @Test
    void aFailureKeepsTheExceptionChainAndItsFirstFrames() {
        Exception e = new IllegalStateException("outer", new java.io.IOException("inner"));
        String text = Failures.describe(e);
        List<String> lines = text.lines().toList();
        assertEquals("java.lang.IllegalStateException: outer", lines.get(0));
        assertTrue(lines.get(1).startsWith("    at dasweep.driver.run.SummaryAndFailuresTest."), text);
        assertTrue(lines.contains("caused by: java.io.IOException: inner"), text);
        assertTrue(lines.size() <= 2 * (1 + Failures.FRAMES), text);
    }
}
